using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R21 (narrative): the years the narrative names.</summary>
internal static partial class R21NarrativeYears
{
    // R21 (narrative): years are N and N−1, comparisons are with N−1, the title names N.
    public static void Check(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.Years];
        var budgetYear = run.Package.Header?.BudgetYear ?? 0;
        if (budgetYear <= 0)
        {
            return;
        }

        foreach (var sentence in run.Document.Sentences)
        {
            foreach (var match in Year().EnumerateMatches(sentence.Norm))
            {
                // The match is the four digits of the year and 年.
                var year = int.Parse(sentence.Norm.AsSpan(match.Index, 4), System.Globalization.CultureInfo.InvariantCulture);
                var before = sentence.Norm.AsSpan(0, match.Index);
                var comparison = before.EndsWith('比') || before.EndsWith('较') || before.EndsWith('与') || before.EndsWith("比上年即", StringComparison.Ordinal);
                string? problem = null;
                if (comparison && year != budgetYear - 1)
                {
                    problem = $"与{year}年比较，应与上年（{budgetYear - 1}年）比较";
                }
                else if (year != budgetYear && year != budgetYear - 1)
                {
                    problem = $"出现{year}年，预算年度为{budgetYear}年";
                }
                else if (sentence.Top == SectionKind.Preamble && year != budgetYear && sentence.Norm.Contains("预算", StringComparison.Ordinal))
                {
                    problem = $"标题年度为{year}年，预算年度为{budgetYear}年";
                }

                if (problem is null)
                {
                    rule.Checked();
                    continue;
                }

                rule.Fail(new Finding
                {
                    Severity = Severity.Warning,
                    Message = $"情况说明年度有误：{problem}：{Format.Quote(sentence)}",
                    Locations = { Format.At(sentence) },
                    Expected = (comparison ? budgetYear - 1 : budgetYear).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Actual = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
    }

    [GeneratedRegex(@"(?<![0-9])(?<year>(19|20)[0-9]{2})年", RegexOptions.CultureInvariant)]
    private static partial Regex Year();
}
