using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>A report shaped like the reconciler's, pointing at known cells and a sentence of seed 002.</summary>
internal static class CannedReports
{
    public static Report For(string submissionId, int revision, string contentHash, BudgetPackage package)
    {
        var text = package.Narrative.Text;
        var sentence = text.IndexOf("“三公”", StringComparison.Ordinal);
        var report = new Report
        {
            ReportId = Guid.NewGuid().ToString(),
            SubmissionId = submissionId,
            Revision = revision,
            ContentHash = contentHash,
            RuleCatalogVersion = "test-1",
            ClassificationCatalogVersion = "2023.1",
            Summary = new ReportSummary { Errors = 0, Warnings = 2, Infos = 1, Reviews = 1, Rules = 5 },
        };
        report.Results.Add(new RuleResult
        {
            RuleId = "R2-ROW-SPLIT",
            Outcome = Outcome.Fail,
            Owner = "reconciler",
            Findings =
            {
                new Finding
                {
                    RuleId = "R2-ROW-SPLIT", Severity = Severity.Warning, Message = "GF 201 合计 2099.40 ≠ 基本 + 项目 2099.30",
                    Expected = "2099.30", Actual = "2099.40", Difference = "0.10", Tolerance = "0.015", Unit = "万元",
                    Locations = { new Location { Table = TableKey.Gf, RowCode = "201", Column = "total", RowIndex = 0 } },
                },
            },
        });
        report.Results.Add(new RuleResult
        {
            RuleId = "T3-NAR-SG",
            Outcome = Outcome.Fail,
            Owner = "three-public",
            Findings =
            {
                new Finding
                {
                    RuleId = "T3-NAR-SG", Severity = Severity.Warning, Message = "情况说明的公务接待费与三公表不一致",
                    Expected = "1.00", Actual = "1.20", Difference = "0.20", Unit = "万元",
                    Locations =
                    {
                        new Location { Table = TableKey.Nar, RowIndex = -1, Span = new TextSpan { Start = Math.Max(0, sentence), Length = 4 } },
                        new Location { Table = TableKey.Sg, Column = "reception", RowIndex = -1, Label = "本年预算数" },
                    },
                },
            },
        });
        report.Results.Add(new RuleResult
        {
            RuleId = "R2-TOTALS",
            Outcome = Outcome.Pass,
            Owner = "reconciler",
            Findings = { new Finding { RuleId = "R2-TOTALS", Severity = Severity.Info, Message = "合计行舍入差 0.01", Locations = { new Location { Table = TableKey.Gf, Column = "total", RowIndex = -1 } } } },
        });
        report.Results.Add(new RuleResult { RuleId = "P4-PROJECT-WEIGHTS", Outcome = Outcome.NotApplicable, Owner = "performance", Note = "未填报权重" });
        report.Results.Add(new RuleResult { RuleId = "C7-JB-PLACEMENT", Outcome = Outcome.Review, Owner = "classification", Note = "科目名称无法识别" });
        return report;
    }
}
