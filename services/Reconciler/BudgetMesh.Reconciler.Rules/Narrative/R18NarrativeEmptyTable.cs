using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R18 (narrative half): "无政府性基金…" against the fund tables.</summary>
internal static partial class R18NarrativeEmptyTable
{
    // R18 (narrative half): "无政府性基金…" agrees with JJ (or CZ), "无国有资本经营…" with GZ.
    public static void Check(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.EmptyTable];
        foreach (var sentence in run.Document.Sentences.Where(s => s.Top is not SectionKind.Glossary and not SectionKind.Annexes))
        {
            foreach (var match in NoFund().EnumerateMatches(sentence.Norm))
            {
                // The match ends with the fund's name.
                var fundWord = sentence.Norm.AsSpan(match.Index, match.Length).EndsWith("政府性基金", StringComparison.Ordinal) ? "政府性基金" : "国有资本经营";
                var fund = fundWord == "政府性基金" ? "government_fund" : "state_capital";
                var fundName = fundWord + "预算";
                var cell = run.Facts.FundTable(fund);
                if (cell is null)
                {
                    rule.Review(new Finding
                    {
                        Severity = Severity.Info,
                        Message = $"情况说明称无{fundName}支出，但未公开{fundName}支出表，也无财政拨款收支总表可核对",
                        Locations = { Format.At(sentence) },
                    });
                    continue;
                }

                if (cell.Amount.IsUnparseable)
                {
                    rule.Review(new Finding
                    {
                        Severity = Severity.Warning,
                        Message = $"{cell.Name}单元格{cell.Amount}不是数字，无法核对情况说明“无{fundName}”的表述",
                        Locations = { Format.At(sentence), cell.ToLocation() },
                    });
                    continue;
                }

                var value = cell.Amount.ValueOrZero ?? 0m;
                if (value == 0)
                {
                    rule.Checked();
                    continue;
                }

                var unit = run.TableUnit(cell);
                rule.Fail(new Finding
                {
                    Severity = Severity.Error,
                    Message = $"情况说明称无{fundName}拨款安排的支出，但{cell.Name}为{Format.Amount(value)}{Units.Name(unit)}",
                    Locations = { Format.At(sentence), cell.ToLocation() },
                    Expected = "0.00",
                    Actual = Format.Amount(value),
                    Difference = Format.Amount(value),
                    Unit = Units.Name(unit),
                });
            }
        }
    }

    [GeneratedRegex(@"(无|没有)(使用|安排)?(?<fund>政府性基金|国有资本经营)", RegexOptions.CultureInvariant)]
    private static partial Regex NoFund();
}
