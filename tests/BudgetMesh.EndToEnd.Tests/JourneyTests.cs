using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// Issue 10, acceptance 2, and issue 9, acceptance 1, over the whole deployment: a seed's submit → reconcile journey
/// and its approve → publish journey are each one trace in the Aspire Dashboard, with spans from every service on the way;
/// and the approved disclosure is on the nginx website — page, every CSV with the package's numbers, JSON, index.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed partial class JourneyTests(Deployment deployment)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_seed_is_traced_from_submission_to_reconciliation_and_from_approval_to_its_page_on_the_website()
    {
        var package = deployment.Seed(Seeds.Jiulongpo2025);
        var receipt = await deployment.SubmitAsync(package);
        Assert.Equal(SubmissionStatus.ReconciledWarnings, await deployment.WaitForStatusAsync(receipt.SubmissionId, IsReconciled, Patience));

        // Submit → reconcile: Intake's outbox, the bus, the reconciler's gRPC calls and its outbox back to Intake.
        var submitted = await WaitForTraceAsync(receipt.SubmissionId, "/SubmitPackage", trace =>
            HasAll(trace, "intake", "reconciler", "classification", "three-public-expenses", "performance")
            && trace.Any(s => s.Service == "intake" && s.Name == "intake-budget-reconciled process")
            && Roots(trace).Count == 1);
        Assert.Equal("intake", Assert.Single(Roots(submitted)).Service);
        Assert.Matches(RpcName("SubmitPackage"), Roots(submitted)[0].Name);

        await deployment.ApproveAsync(receipt);
        var publication = await deployment.WaitUntilPublishedAsync(receipt.SubmissionId, Patience);
        await deployment.WaitForStatusAsync(receipt.SubmissionId, s => s == SubmissionStatus.Published, Patience);

        // Approve → publish: Intake's outbox, the publication consumer, the background publisher's website pushes and
        // its DisclosurePublished back to Intake.
        var approved = await WaitForTraceAsync(receipt.SubmissionId, "/ApproveRevision", trace =>
            HasAll(trace, "intake", "publication")
            && trace.Any(s => s.Service == "publication" && s.Name == "publish disclosure" && trace.Any(put => put.ParentSpanId == s.SpanId && put.Name.Contains("PUT", StringComparison.Ordinal)))
            && trace.Any(s => s.Service == "intake" && s.Name == "intake-disclosure-published process")
            && Roots(trace).Count == 1);
        Assert.Equal("intake", Assert.Single(Roots(approved)).Service);
        Assert.Matches(RpcName("ApproveRevision"), Roots(approved)[0].Name);
        Assert.NotEqual(submitted[0].TraceId, approved[0].TraceId);
        // The approval starts from an operator's request, a trace of its own, which links back to the submission's trace.
        Assert.Contains(approved, s => s.Service == "intake" && s.LinkedTraces.Contains(submitted[0].TraceId));

        await AssertOnWebsiteAsync(package, publication.Path, publication.Files);
    }

    /// <summary>
    /// Waits until the trace that starts at the Intake rpc <paramref name="rootRpc"/> of this submission holds what
    /// <paramref name="complete"/> wants (spans arrive in batches from several processes); returns its spans.
    /// </summary>
    internal static async Task<IReadOnlyList<Span>> WaitForTraceAsync(Deployment deployment, string submissionId, string rootRpc, Func<IReadOnlyList<Span>, bool> complete)
    {
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<Span> spans = [];
        while (DateTime.UtcNow < deadline)
        {
            spans = await deployment.SpansOfSubmissionAsync(submissionId);
            var root = spans.FirstOrDefault(s => s.Service == "intake" && s.Name.EndsWith(rootRpc, StringComparison.Ordinal) && s.SubmissionId == submissionId);
            if (root is not null)
            {
                var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
                if (complete(trace))
                {
                    return trace;
                }
            }

            await Task.Delay(250);
        }

        var traces = spans.GroupBy(s => s.TraceId).Select(g => $"trace {g.Key}:\n" + string.Join("\n", g.Select(s => $"  {s.Service,-22} {s.Name} (parent {s.ParentSpanId})")));
        throw new Xunit.Sdk.XunitException($"The {rootRpc} journey of {submissionId} is not one complete trace. Stored:\n{string.Join("\n", traces)}");
    }

    /// <summary>
    /// Spans whose parent is not in the trace. One means the journey is a single connected tree; a break anywhere
    /// (outbox, bus, gRPC, a background loop) would leave a second one. The first span's own parent may be a caller
    /// that exports elsewhere (this test process, when the in-process suite's tracers are listening), so it is
    /// judged by presence in the trace, not by being empty.
    /// </summary>
    internal static IReadOnlyList<Span> Roots(IReadOnlyList<Span> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        return [.. trace.Where(s => !ids.Contains(s.ParentSpanId))];
    }

    /// <summary>A server span named by its rpc, `package.Service/Method`, as the OpenTelemetry RPC conventions name it.</summary>
    internal static string RpcName(string method) => $@"^budgetmesh\.[a-z]+\.v1\.[A-Za-z]+/{method}$";

    internal static bool HasAll(IReadOnlyList<Span> trace, params string[] services) => services.All(name => trace.Any(s => s.Service == name));

    private Task<IReadOnlyList<Span>> WaitForTraceAsync(string submissionId, string rootRpc, Func<IReadOnlyList<Span>, bool> complete) =>
        WaitForTraceAsync(deployment, submissionId, rootRpc, complete);

    private static bool IsReconciled(SubmissionStatus status) =>
        status is SubmissionStatus.ReconciledClean or SubmissionStatus.ReconciledWarnings or SubmissionStatus.ReconciledErrors;

    private async Task AssertOnWebsiteAsync(BudgetPackage package, string pagePath, IEnumerable<string> files)
    {
        var site = deployment.Website.BaseUrl;
        var page = new HtmlParser().ParseDocument(await Http.GetStringAsync(new Uri(site, pagePath.TrimStart('/'))));
        var csvs = files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        var sections = page.QuerySelectorAll("section.annex").Select(s => s.GetAttribute("data-table") ?? string.Empty).ToList();
        Assert.NotEmpty(sections);
        Assert.Equal(sections.Count, csvs.Count);

        foreach (var csv in csvs)
        {
            var bytes = await Http.GetByteArrayAsync(new Uri(site, csv.TrimStart('/')));
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            var key = Path.GetFileNameWithoutExtension(csv);
            var expected = Amounts(TableOf(package.Tables, key));
            var actual = Decimals().Matches(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)).Select(m => m.Value).ToList();
            // The CSV carries the package's own amount strings: the same numbers, each as often as the package has it.
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal), StringComparer.Ordinal),
                $"{csv}: package {string.Join(' ', expected.Order(StringComparer.Ordinal))}\n csv {string.Join(' ', actual.Order(StringComparer.Ordinal))}");
        }

        var directory = pagePath[..pagePath.LastIndexOf('/')];
        var json = await Http.GetStringAsync(new Uri(site, (directory + "/package.json").TrimStart('/')));
        Assert.Equal(package, new JsonParser(JsonParser.Settings.Default).Parse<BudgetPackage>(json));

        var header = package.Header;
        var indexPath = $"{header.DistrictCode}/{header.BudgetYear}/index.html";
        var index = new HtmlParser().ParseDocument(await Http.GetStringAsync(new Uri(site, indexPath)));
        Assert.Contains(pagePath, index.QuerySelectorAll("ul.departments li > a:first-child").Select(a => a.GetAttribute("href")));
        Assert.Contains("/" + indexPath, await Http.GetStringAsync(new Uri(site, "index.html")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(site, pagePath.TrimStart('/')))).StatusCode);
    }

    /// <summary>The annex table a CSV is named after: GF → tables.gf, XJ-2 → the second project target table.</summary>
    private static IMessage TableOf(AnnexTables tables, string key)
    {
        var project = ProjectTable().Match(key);
        if (project.Success)
        {
            return tables.Xj[int.Parse(project.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1];
        }

        var field = AnnexTables.Descriptor.Fields.InFieldNumberOrder().Single(f => string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase));
        return (IMessage)field.Accessor.GetValue(tables);
    }

    /// <summary>Every amount in a table: the decimal strings anywhere in it (codes are whole numbers and left out).</summary>
    private static List<string> Amounts(IMessage message)
    {
        var found = new List<string>();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            IEnumerable<object?> values = field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<object?>() : [value];
            foreach (var item in values)
            {
                switch (item)
                {
                    case IMessage nested:
                        found.AddRange(Amounts(nested));
                        break;
                    case string text when Decimals().IsMatch(text) && Decimals().Match(text).Value == text:
                        found.Add(text);
                        break;
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"-?[0-9]+\.[0-9]+")]
    private static partial Regex Decimals();

    [GeneratedRegex(@"^XJ-([0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectTable();
}
