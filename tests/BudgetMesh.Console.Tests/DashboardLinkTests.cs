using System.Net;
using BudgetMesh.Console.Telemetry;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Console.Tests;

/// <summary>The submission page's way into the Aspire Dashboard: its link, and where that link sends a signed-in operator.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DashboardLinkTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_submission_page_links_to_its_traces_and_the_link_signs_the_operator_into_the_dashboard_filtered_by_the_submission()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);

        var page = await client.PageAsync($"/submissions/{receipt.SubmissionId}");
        var href = page.QuerySelector("#traces-link")!.GetAttribute("href")!;
        var response = await client.GetAsync(href);

        Assert.Equal($"/submissions/{receipt.SubmissionId}/traces", href);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = response.Headers.Location!;
        Assert.Equal(new Uri(ConsoleFixture.DashboardAddress, "/login"), new Uri(target.GetLeftPart(UriPartial.Path)));
        var query = QueryHelpers.ParseQuery(target.Query);
        Assert.Equal(ConsoleFixture.DashboardToken, query["t"].ToString());
        var returnUrl = query["returnUrl"].ToString();
        Assert.StartsWith("/traces?", returnUrl, StringComparison.Ordinal);
        Assert.Equal($"budgetmesh.submission_id:equals:{receipt.SubmissionId}", QueryHelpers.ParseQuery(returnUrl[returnUrl.IndexOf('?', StringComparison.Ordinal)..])["filters"].ToString());
    }

    [Fact]
    public void Without_a_token_the_link_goes_straight_to_the_dashboard_which_then_asks_for_it_and_a_bad_address_is_refused_by_name()
    {
        var plain = DashboardLink.From(Configuration(("BUDGETMESH_DASHBOARD_URL", "http://127.0.0.1:18888")));
        var none = DashboardLink.From(Configuration());

        Assert.Equal("http://127.0.0.1:18888/traces?filters=budgetmesh.submission_id:equals:abc", Uri.UnescapeDataString(plain.To(DashboardLink.TracesOf("abc"))!.ToString()));
        Assert.Null(none.To("/traces"));
        var error = Assert.Throws<InvalidOperationException>(() => DashboardLink.From(Configuration(("BUDGETMESH_DASHBOARD_URL", "dashboard:18888"))));
        Assert.Contains("BUDGETMESH_DASHBOARD_URL", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
