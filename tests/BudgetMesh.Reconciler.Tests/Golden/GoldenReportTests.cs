using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Reconciliation;
using Google.Protobuf;

namespace BudgetMesh.Reconciler.Tests.Golden;

/// <summary>
/// The in-process report (table rules + narrative) of each seed, compared with the reviewed golden file.
/// Regenerate with BUDGETMESH_UPDATE_GOLDEN=1, then review the diff finding by finding (and Golden/*.golden.md).
/// </summary>
public sealed class GoldenReportTests
{
    public static TheoryData<string> SeedNames => [.. Seeds.All];

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void The_in_process_report_of_a_seed_equals_its_reviewed_golden_file(string seed)
    {
        var actual = Render(seed);
        var goldenPath = Path.Combine(Seeds.SourceDirectory, "Golden", seed + ".golden.json");
        if (Environment.GetEnvironmentVariable("BUDGETMESH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(goldenPath, actual);
        }

        var expected = File.ReadAllText(goldenPath);
        Assert.Equal(expected.ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }

    internal static Report Build(string seed)
    {
        var engine = new ReconciliationEngine(RuleCatalog.RuleCatalog.Embedded);
        var subject = new ReportSubject(Guid.Empty, Guid.Empty, 1, seed, string.Empty, DateTimeOffset.UnixEpoch);
        return engine.Compose(subject, ReconciliationEngine.RunInProcess(Seeds.Load(seed)));
    }

    internal static string Render(string seed)
    {
        var report = Build(seed);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default);
        var document = new JsonObject
        {
            ["seed"] = seed,
            ["summary"] = JsonNode.Parse(formatter.Format(report.Summary)),
            ["results"] = new JsonArray([.. report.Results.Select(r => JsonNode.Parse(formatter.Format(r)))]),
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
