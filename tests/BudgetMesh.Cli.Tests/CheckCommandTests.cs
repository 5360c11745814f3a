using System.Text.Json;
using System.Text.Json.Nodes;
using BudgetMesh.Cli;

namespace BudgetMesh.Cli.Tests;

/// <summary>
/// `budgetmesh check` against a suite of its own (a fresh database): an operator checks published documents and
/// packages without submitting anything, a district key only its own district, and `--local` gives the same findings.
/// </summary>
public sealed class CheckCommandTests(SuiteFixture suite) : IClassFixture<SuiteFixture>
{
    public static TheoryData<string> Documents => [.. CorpusFiles.CheckedDocuments()];

    [Fact]
    public async Task An_operator_checks_a_pdf_a_text_and_a_package_and_nothing_is_submitted_stored_or_published()
    {
        foreach (var file in new[] { CorpusFiles.Document("putuo-govoffice-2025.pdf"), CorpusFiles.Path("seed-texts/seed-002_8eae806851c2420e.txt"), SeedFiles.Source("001_") })
        {
            var result = await suite.RunAsync(suite.OperatorKey, "check", file, "--json");

            Assert.True(result.Code is ExitCodes.Ok or ExitCodes.FindingsWithErrors, result.ToString());
            var report = JsonNode.Parse(result.Output)!["report"]!;
            Assert.NotEmpty(report["results"]!.AsArray());
            var errors = (int?)report["summary"]?["errors"] ?? 0;
            Assert.Equal(errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok, result.Code);
            Assert.Contains(report["results"]!.AsArray(), r => (string?)r!["owner"] == "classification");
            Assert.Null(report["submissionId"]);
        }

        var table = await suite.RunAsync(suite.OperatorKey, "check", SeedFiles.Source("001_"));
        Assert.Contains("未报送、未保存", table.Output, StringComparison.Ordinal);
        // Rules by their short code and catalog title, as the console shows them, not the long internal id.
        Assert.Contains("规则 R13：情况说明按功能分类", table.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("R13-FUNCTION-CLASS", table.Output, StringComparison.Ordinal);

        // Every service that keeps something kept nothing: no submission, revision or audit entry at Intake, no report,
        // start or event at the Reconciler, no figures in the 三公 district view.
        Assert.Equal(0, await suite.CountRowsAsync("intake", "submissions"));
        Assert.Equal(0, await suite.CountRowsAsync("intake", "revisions"));
        Assert.Equal(0, await suite.CountRowsAsync("reconciler", "reports"));
        Assert.Equal(0, await suite.CountRowsAsync("reconciler", "reconciliation_starts"));
        Assert.Equal(0, await suite.CountRowsAsync("reconciler", "outbox_messages"));
        Assert.Equal(0, await suite.CountRowsAsync("three_public", "checked_revisions"));
    }

    [Fact]
    public async Task A_district_key_checks_its_own_district_only_and_the_identity_flags_say_which_that_is()
    {
        var own = await suite.RunAsync(suite.Jiulongpo, "check", SeedFiles.Source("000_"), "--json");
        Assert.True(own.Code is ExitCodes.Ok or ExitCodes.FindingsWithErrors, own.ToString());

        var foreign = await suite.RunAsync(suite.Jiulongpo, "check", SeedFiles.Source("001_"));
        Assert.Equal(ExitCodes.Failed, foreign.Code);
        Assert.Contains("（gRPC 状态码 7）", foreign.Error, StringComparison.Ordinal);

        // A published Shanghai document checked as Jiulongpo's: the flag decides the district the check is for.
        var asJiulongpo = await suite.RunAsync(suite.Jiulongpo, "check", CorpusFiles.Document("putuo-govoffice-2025.pdf"), "--district", "500107", "--department", "901", "--json");
        Assert.True(asJiulongpo.Code is ExitCodes.Ok or ExitCodes.FindingsWithErrors, asJiulongpo.ToString());
    }

    [Fact]
    public async Task Check_exit_codes_are_those_its_help_documents()
    {
        var help = await suite.RunAsync(null, "check", "--help");
        Assert.Contains("退出码：0 没有错误；1 有错误", help.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Unreachable, (await suite.RunAsync(suite.OperatorKey, "check", SeedFiles.Source("001_"), "--reconciler-url", SuiteFixture.Nowhere.ToString())).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "check", "/nonexistent/package.json")).Code);
        Assert.Equal(ExitCodes.Failed, (await suite.RunAsync(null, "check", SeedFiles.Source("001_"))).Code);

        // --local needs no service and no key.
        var local = await suite.RunAsync(null, "check", "--local", SeedFiles.Source("001_"), "--reconciler-url", SuiteFixture.Nowhere.ToString());
        Assert.True(local.Code is ExitCodes.Ok or ExitCodes.FindingsWithErrors, local.ToString());
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Check_local_gives_the_same_findings_as_the_suite(string file)
    {
        var suiteRun = await suite.RunAsync(suite.OperatorKey, "check", CorpusFiles.Path(file), "--json");
        var localRun = await suite.RunAsync(null, "check", "--local", CorpusFiles.Path(file), "--json");

        Assert.Equal(suiteRun.Code, localRun.Code);
        var fromSuite = Findings(suiteRun);
        Assert.NotEmpty(fromSuite["results"]!.AsArray());
        Assert.Equal(fromSuite.ToJsonString(), Findings(localRun).ToJsonString());
    }

    /// <summary>What a check found: everything in the report but when it was made.</summary>
    private static JsonObject Findings(CliResult result)
    {
        Assert.True(result.Code is ExitCodes.Ok or ExitCodes.FindingsWithErrors, result.ToString());
        var report = JsonNode.Parse(result.Output)!["report"]!.AsObject();
        report.Remove("createdAt");
        return report;
    }
}

/// <summary>The corpus files as the tests' output directory holds them.</summary>
internal static class CorpusFiles
{
    public static string Document(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "corpus", "documents", name);

    /// <summary>A path relative to the output directory's corpus folder, or a seed package (seeds/…).</summary>
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, relative);

    /// <summary>Every corpus document and fixture and every seed package, relative to the output directory.</summary>
    public static IEnumerable<string> CheckedDocuments()
    {
        var root = AppContext.BaseDirectory;
        return new[] { "corpus/documents", "seed-texts", "corpus", "seeds" }
            .SelectMany(folder => Directory.EnumerateFiles(System.IO.Path.Combine(root, folder)))
            .Where(f => System.IO.Path.GetExtension(f) is ".json" or ".txt" or ".pdf")
            .Where(f => !f.EndsWith(".golden.json", StringComparison.Ordinal) && !f.EndsWith(".expected.json", StringComparison.Ordinal))
            .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }
}
