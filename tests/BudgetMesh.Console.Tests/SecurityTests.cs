using System.Net;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>Nothing without an operator session; no state change without the CSRF token; submitter text escaped.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SecurityTests(ConsoleFixture console)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/?q=x")]
    [InlineData("/submissions/00000000-0000-0000-0000-000000000001")]
    [InlineData("/telemetry")]
    [InlineData("/submissions/00000000-0000-0000-0000-000000000001/traces")]
    [InlineData("/district?district=500107&year=2023")]
    public async Task Every_page_without_a_session_redirects_to_sign_in(string path)
    {
        using var client = console.NewClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/submissions/00000000-0000-0000-0000-000000000001/approve")]
    [InlineData("/submissions/00000000-0000-0000-0000-000000000001/return")]
    [InlineData("/signout")]
    public async Task Every_action_without_a_session_is_refused_with_401(string path)
    {
        using var client = console.NewClient();

        var response = await client.PostWithTokenAsync("/signin", path, [new("revision", "1"), new("comment", "x")]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_and_a_district_key_cannot_sign_in()
    {
        using var client = console.NewClient();

        var wrong = await client.PostWithTokenAsync("/signin", "/signin", [new("key", "bm_nosuch_" + new string('D', 43))]);
        var district = await client.PostWithTokenAsync("/signin", "/signin", [new("key", console.DistrictKey)]);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, district.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_service_key_cannot_sign_in_and_is_told_why_in_Chinese()
    {
        using var client = console.NewClient();
        var service = (await console.CreateKeyAsync(KeyKind.Service, "", "发布服务")).Secret;

        var response = await client.PostWithTokenAsync("/signin", "/signin", [new("key", service)]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("系统服务密钥不能登录控制台", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_does_not_contain_the_key()
    {
        using var client = console.NewClient();
        var response = await client.PostWithTokenAsync("/signin", "/signin", [new("key", console.OperatorKey)]);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("bm_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(console.OperatorKey[(console.OperatorKey.IndexOf('_', 3) + 1)..], Uri.UnescapeDataString(cookie), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_post_without_the_CSRF_token_is_refused_and_changes_nothing()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);

        var forged = await client.PostAsync($"/submissions/{receipt.SubmissionId}/approve", [new("revision", "1"), new("content_hash", receipt.ContentHash)]);
        var wrongToken = await client.PostAsync($"/submissions/{receipt.SubmissionId}/return", [new("revision", "1"), new("comment", "x"), new("__csrf", "forged")]);
        var signInWithoutToken = await console.NewClient().PostAsync("/signin", [new("key", console.OperatorKey)]);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signInWithoutToken.StatusCode);
        Assert.Equal(SubmissionStatus.ReconciledWarnings, (await console.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task Submitter_text_with_HTML_is_shown_escaped_in_the_list_and_on_the_submission_page()
    {
        const string Evil = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        var receipt = await console.SubmitReconciledAsync(p =>
        {
            p.Header.UnitName = "测试单位" + Evil;
            p.Narrative.Text += "\n" + Evil;
            p.Tables.Gf.Rows[1].Name = "事务" + Evil;
        });
        using var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);

        foreach (var path in new[] { "/", $"/submissions/{receipt.SubmissionId}" })
        {
            var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            var page = ConsoleClient.Parse(html);
            // The only script is the console's own same-origin file; nothing submitted became one.
            Assert.All(page.QuerySelectorAll("script"), script => Assert.Equal(("/console.js", ""), (script.GetAttribute("src"), script.TextContent)));
            Assert.Empty(page.QuerySelectorAll("img"));
            Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.Contains(Evil, page.Body!.TextContent, StringComparison.Ordinal);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        }
    }
}
