using System.Net;
using AngleSharp.Html.Dom;
using BudgetMesh.Testing;

namespace BudgetMesh.Console.Tests;

/// <summary>
/// Every way a page or an action can fail reads in Chinese: a bad submission id, an invalid request, a wrong key and
/// each service down (Intake, the Reconciler, Publication, ThreePublicExpenses). Each page's text is scanned with the
/// one allow-list (OperatorText) for English words and status names; a service that is down is named with its address.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ErrorTextTests(ConsoleFixture console)
{
    // Submitter text and hashes are shown as sent, as in the browser scan (pages.spec.mjs).
    private const string Verbatim = ".narrative, table.grid td, table.fields td, code, [data-verbatim], header form span, iframe";

    [Fact]
    public async Task A_bad_id_an_invalid_request_and_a_wrong_key_are_explained_in_Chinese()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = console.NewClient();

        var wrongKey = await client.PostWithTokenAsync("/signin", "/signin", [new("key", "bm_nosuch_" + new string('D', 43))]);
        var wrongKeyPage = await ReadAsync(wrongKey, HttpStatusCode.Unauthorized);
        Assert.Contains("密钥无效或已吊销", wrongKeyPage.Text, StringComparison.Ordinal);

        await client.SignInAsync(console.OperatorKey);
        var badIdPage = await ReadAsync(await client.GetAsync("/submissions/not-a-uuid"), HttpStatusCode.NotFound);
        var badIdAction = await ReadAsync(
            await client.PostWithTokenAsync("/", "/submissions/not-a-uuid/approve", [new("revision", "1"), new("content_hash", "x")]), HttpStatusCode.BadRequest);
        Assert.Equal("报送编号无效", badIdAction.Document.QuerySelector("#failure")!.TextContent);
        Assert.Equal("报送编号：必须为UUID", badIdAction.Document.QuerySelector("#violations li")!.TextContent);

        // A return without a comment, sent past the form's own check: Intake refuses it, by field.
        var invalid = await ReadAsync(
            await client.PostWithTokenAsync($"/submissions/{receipt.SubmissionId}", $"/submissions/{receipt.SubmissionId}/return", [new("revision", "1"), new("comment", " ")]),
            HttpStatusCode.BadRequest);
        Assert.Equal("退回必须填写意见", invalid.Document.QuerySelector("#failure")!.TextContent);
        Assert.Equal("意见：必填", invalid.Document.QuerySelector("#violations li")!.TextContent);

        // Approving the wrong content: the service's refusal in its own words.
        var stale = await ReadAsync(
            await client.PostWithTokenAsync($"/submissions/{receipt.SubmissionId}", $"/submissions/{receipt.SubmissionId}/approve", [new("revision", "1"), new("content_hash", "0000")]),
            HttpStatusCode.Conflict);
        Assert.Contains("内容哈希与该修订版本不符", stale.Text, StringComparison.Ordinal);

        foreach (var page in new[] { wrongKeyPage, badIdPage, badIdAction, invalid, stale })
        {
            Assert.True(page.English.Count == 0, $"English or internal words {string.Join(", ", page.English)} in:\n{page.Text}");
        }
    }

    [Fact]
    public async Task With_Intake_down_sign_in_names_the_service_its_address_and_why_in_Chinese()
    {
        var nowhere = Nowhere();
        var app = await console.StartConsoleAsync(new() { ["BUDGETMESH_INTAKE_URL"] = nowhere });
        try
        {
            using var client = new ConsoleClient(ConsoleApp.Address(app));
            var page = await ReadAsync(await client.PostWithTokenAsync("/signin", "/signin", [new("key", console.OperatorKey)]), HttpStatusCode.ServiceUnavailable);

            Assert.Contains($"无法连接受理服务（{nowhere}）：连接被拒绝", page.Text, StringComparison.Ordinal);
            Assert.Contains("（gRPC 状态码 14）", page.Text, StringComparison.Ordinal);
            Assert.True(page.English.Count == 0, $"English or internal words {string.Join(", ", page.English)} in:\n{page.Text}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_the_Reconciler_Publication_and_ThreePublicExpenses_down_every_page_and_action_says_which_and_why_in_Chinese()
    {
        var receipt = await console.SubmitReconciledAsync();
        var nowhere = Nowhere();
        var app = await console.StartConsoleAsync(new()
        {
            ["BUDGETMESH_RECONCILER_URL"] = nowhere,
            ["BUDGETMESH_PUBLICATION_URL"] = nowhere,
            ["BUDGETMESH_THREE_PUBLIC_URL"] = nowhere,
        });
        try
        {
            using var client = new ConsoleClient(ConsoleApp.Address(app));
            await client.SignInAsync(console.OperatorKey);
            var path = $"/submissions/{receipt.SubmissionId}";

            var submission = await ReadAsync(await client.GetAsync(path), HttpStatusCode.OK);
            Assert.Contains($"校核报告暂不可用：无法连接校核服务（{nowhere}）：连接被拒绝", submission.Text, StringComparison.Ordinal);
            Assert.Contains($"发布状态暂不可查：无法连接公开发布服务（{nowhere}）", submission.Text, StringComparison.Ordinal);

            var district = await ReadAsync(await client.GetAsync("/district?district=500107&year=2023"), HttpStatusCode.ServiceUnavailable);
            Assert.Contains($"无法连接三公经费服务（{nowhere}）", district.Document.QuerySelector("#district-error")!.TextContent, StringComparison.Ordinal);

            var retract = await ReadAsync(await client.PostWithTokenAsync(path, $"{path}/retract", [new("reason", "附表数据待核实")]), HttpStatusCode.ServiceUnavailable);
            Assert.StartsWith($"无法连接公开发布服务（{nowhere}）：连接被拒绝", retract.Document.QuerySelector("#failure")!.TextContent, StringComparison.Ordinal);

            foreach (var page in new[] { submission, district, retract })
            {
                Assert.DoesNotContain("Unavailable", page.Text, StringComparison.Ordinal);
                Assert.True(page.English.Count == 0, $"English or internal words {string.Join(", ", page.English)} in:\n{page.Text}");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A loopback address nothing listens on.</summary>
    private static string Nowhere()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} instead of {(int)expected}:\n{html}");
        var document = ConsoleClient.Parse(html);
        return new Page(document, document.Body!.TextContent, OperatorText.EnglishWords(string.Join(' ', Words(document))));
    }

    /// <summary>What an operator reads: the text outside verbatim submitter content, and the titles, placeholders and labels.</summary>
    private static IEnumerable<string> Words(IHtmlDocument document)
    {
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            if (element.Closest(Verbatim) is not null || element.LocalName is "script" or "style")
            {
                continue;
            }

            foreach (var node in element.ChildNodes.Where(n => n.NodeType == AngleSharp.Dom.NodeType.Text))
            {
                yield return node.TextContent;
            }

            foreach (var attribute in new[] { "title", "placeholder", "aria-label" })
            {
                if (element.GetAttribute(attribute) is { } value)
                {
                    yield return value;
                }
            }
        }
    }

    private sealed record Page(IHtmlDocument Document, string Text, IReadOnlyList<string> English);
}
