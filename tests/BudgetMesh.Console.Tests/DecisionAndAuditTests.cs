using System.Net;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>Override approvals in the audit page, retraction and approval again from the console, actors by name.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DecisionAndAuditTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_override_approval_keeps_its_reason_and_comment_and_is_found_flagged_in_the_audit_page_by_unit_operator_and_date()
    {
        var receipt = await console.SubmitReconciledAsync(p => p.Header.UnitName = "越过错误测试单位", errors: 2);
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";

        var approved = await client.PostWithTokenAsync(path, path + "/approve",
            [new("revision", "1"), new("content_hash", receipt.ContentHash), new("override_reason", "模板口径差异，已书面说明"), new("comment", "下次按新模板")]);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var audit = await client.PageAsync($"/audit?unit=越过错误测试&operator=财政局审核员&from={today}&to={today}");
        var elsewhere = await client.PageAsync("/audit?unit=越过错误测试&from=2001-01-01&to=2001-01-02");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var row = Assert.Single(audit.QuerySelectorAll("#audit tr[data-action=override]"));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("财政局审核员（操作员）", cells[1]);
        Assert.Equal("越过错误 越过错误批准", cells[2]);
        Assert.Equal("越过错误测试单位（九龙坡区）", cells[3]);
        Assert.Equal("越过2个错误批准，理由：模板口径差异，已书面说明；备注：下次按新模板", cells[5]);
        Assert.Empty(elsewhere.QuerySelectorAll("#audit tbody tr"));
        var history = (await client.PageAsync(path)).QuerySelector("#history")!.TextContent;
        Assert.Contains("备注：下次按新模板", history, StringComparison.Ordinal);
        Assert.DoesNotContain("(operator)", history, StringComparison.Ordinal);
        Assert.DoesNotContain("errors", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_disclosure_is_retracted_from_the_console_and_can_then_be_approved_again()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";
        await client.PostWithTokenAsync(path, path + "/approve", [new("revision", "1"), new("content_hash", receipt.ContentHash)]);
        await console.PublishedAsync(receipt);
        console.Peers.Publications[receipt.SubmissionId] = new Contracts.Publication.V1.Publication
        {
            SubmissionId = receipt.SubmissionId, Revision = 1, State = PublicationState.Published, Path = "/500107/2023/1/index.html", ApprovedBy = "财政局审核员 (operator)",
        };

        var published = await client.PageAsync(path);
        var refused = await client.PostWithTokenAsync(path, path + "/retract", [new("reason", " ")]);
        var retracted = await client.PostWithTokenAsync(path, path + "/retract", [new("reason", "附表数据有误")]);
        await console.RetractedAsync(receipt, "附表数据有误");
        var afterRetraction = await client.PageAsync(path);
        var confirmAgain = await client.PageAsync(afterRetraction.QuerySelector("#preview-link")!.GetAttribute("href")!);
        var again = await client.PostWithTokenAsync(path, path + "/approve", [new("revision", "1"), new("content_hash", receipt.ContentHash), new("comment", "已核实")]);

        Assert.NotNull(published.QuerySelector("#retract-form"));
        Assert.Equal("财政局审核员（操作员）", published.QuerySelector("#publication")!.TextContent.Split("批准人 ")[1].Split('，')[0]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, retracted.StatusCode);
        Assert.Equal("附表数据有误", console.Peers.Retractions[receipt.SubmissionId]);
        Assert.StartsWith("已撤回", afterRetraction.QuerySelector("#publication")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("附表数据有误", afterRetraction.QuerySelector("#publication")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("重新批准前预览网站页面", afterRetraction.QuerySelector("#preview-link")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("重新批准", confirmAgain.QuerySelector("#approve")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(SubmissionStatus.Approved, (await console.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task Republish_pushes_the_same_publication_again()
    {
        var receipt = await console.SubmitReconciledAsync();
        console.Peers.Publications[receipt.SubmissionId] = new Contracts.Publication.V1.Publication { SubmissionId = receipt.SubmissionId, Revision = 1, State = PublicationState.Published };
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";

        var response = await client.PostWithTokenAsync(path, path + "/republish", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(receipt.SubmissionId, console.Peers.Republished);
    }

    [Fact]
    public async Task Approval_happens_beside_a_preview_that_is_byte_for_byte_the_page_Publication_renders()
    {
        var receipt = await console.SubmitReconciledAsync();
        var failing = await console.SubmitReconciledAsync(errors: 1);
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";

        var submission = await client.PageAsync(path);
        var confirm = await client.PageAsync(submission.QuerySelector("#preview-link")!.GetAttribute("href")!);
        var frame = await client.GetAsync(confirm.QuerySelector("iframe#preview")!.GetAttribute("src")!);
        var overrideConfirm = await client.PageAsync($"/submissions/{failing.SubmissionId}/preview");

        Assert.Null(submission.QuerySelector("#approve-form"));
        Assert.NotNull(confirm.QuerySelector("#approve-form"));
        Assert.NotNull(overrideConfirm.QuerySelector("#override-form textarea[name=override_reason][required]"));
        var stored = await console.GetAsync(receipt.SubmissionId, includePackage: true);
        // The preview is the page as published today (Beijing's date), whichever side of midnight the frame was drawn.
        var today = Publication.Rendering.DisclosureFacts.BeijingDate(DateTimeOffset.UtcNow);
        var websites = new[] { today.AddDays(-1), today }.Select(day => Publication.Rendering.DisclosureRenderer.Render(stored.Package,
            new Publication.Rendering.DisclosureFacts(Guid.Parse(receipt.SubmissionId), receipt.Revision, receipt.ContentHash, day))[0].Content).ToList();
        var framed = await frame.Content.ReadAsByteArrayAsync();
        Assert.Contains(websites, w => w.AsSpan().SequenceEqual(framed));
        Assert.Contains("frame-ancestors 'self'", frame.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-src 'self'", (await client.GetAsync(path)).Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private async Task<ConsoleClient> SignedInAsync()
    {
        var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);
        return client;
    }
}
