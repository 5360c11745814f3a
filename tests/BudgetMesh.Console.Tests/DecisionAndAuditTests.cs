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
        Assert.Equal("财政局审核员（审核员）", cells[1]);
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
        console.Peers.Publications[receipt.SubmissionId] = new Publication
        {
            SubmissionId = receipt.SubmissionId, Revision = 1, State = PublicationState.Published, Path = "/500107/2023/1/index.html", ApprovedBy = "财政局审核员 (operator)",
        };

        var published = await client.PageAsync(path);
        var refused = await client.PostWithTokenAsync(path, path + "/retract", [new("reason", " ")]);
        var retracted = await client.PostWithTokenAsync(path, path + "/retract", [new("reason", "附表数据有误")]);
        await console.RetractedAsync(receipt, "附表数据有误");
        var afterRetraction = await client.PageAsync(path);
        var again = await client.PostWithTokenAsync(path, path + "/approve", [new("revision", "1"), new("content_hash", receipt.ContentHash), new("comment", "已核实")]);

        Assert.NotNull(published.QuerySelector("#retract-form"));
        Assert.Equal("财政局审核员（审核员）", published.QuerySelector("#publication")!.TextContent.Split("批准人 ")[1].Split('，')[0]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, retracted.StatusCode);
        Assert.Equal("附表数据有误", console.Peers.Retractions[receipt.SubmissionId]);
        Assert.StartsWith("已撤回", afterRetraction.QuerySelector("#publication")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("附表数据有误", afterRetraction.QuerySelector("#publication")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("重新批准", afterRetraction.QuerySelector("#approve")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(SubmissionStatus.Approved, (await console.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task Republish_pushes_the_same_publication_again()
    {
        var receipt = await console.SubmitReconciledAsync();
        console.Peers.Publications[receipt.SubmissionId] = new Publication { SubmissionId = receipt.SubmissionId, Revision = 1, State = PublicationState.Published };
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";

        var response = await client.PostWithTokenAsync(path, path + "/republish", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(receipt.SubmissionId, console.Peers.Republished);
    }

    private async Task<ConsoleClient> SignedInAsync()
    {
        var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);
        return client;
    }
}
