using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R20 (text): template words left in the published narrative.</summary>
internal static partial class R20TextResidue
{
    private static readonly (Regex Pattern, string What)[] Residue =
    [
        (Placeholder(), "占位符"),
        (ShareWithoutNumber(), "占比未填数字"),
        (AmountWithoutNumber(), "金额未填数字"),
        (DirectionNotChosen(), "增减方向未选定"),
        (TemplateInstruction(), "模板说明文字"),
    ];

    // R20 (text): words of the template left in the published narrative.
    public static void Check(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.TextResidue];
        foreach (var sentence in run.Document.Sentences)
        {
            rule.Checked();
            foreach (var (pattern, what) in Residue)
            {
                // One finding per kind of residue and sentence is enough to send the operator there.
                // IsMatch first: it allocates nothing, and almost every sentence is clean.
                if (pattern.IsMatch(sentence.Norm) && pattern.Match(sentence.Norm) is { Success: true } match)
                {
                    rule.Fail(new Finding
                    {
                        Severity = Severity.Warning,
                        Message = $"情况说明疑有模板残留（{what}）“{match.Value}”：{Format.Quote(sentence)}",
                        Locations = { Format.At(sentence) },
                        Actual = match.Value,
                    });
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z])(XX+|xx+)(?![A-Za-z])|××+", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"占(比)?%", RegexOptions.CultureInvariant)]
    private static partial Regex ShareWithoutNumber();

    [GeneratedRegex(@"(增加|减少|增长|下降|预算数|总额|为|计)(万元|亿元|%)", RegexOptions.CultureInvariant)]
    private static partial Regex AmountWithoutNumber();

    [GeneratedRegex(@"(增加|增长)\((减少|下降)\)|(增加|增长)/(减少|下降)", RegexOptions.CultureInvariant)]
    private static partial Regex DirectionNotChosen();

    [GeneratedRegex(@"应根据实际情况|以下为常见|据实填写|此处填写|请填写|可根据需要", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateInstruction();
}
