using BudgetMesh.Classification.Renames;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Classification.Rules;

/// <summary>
/// C8: a class named by a name it no longer had in the budget year (司法局 2026's "医疗卫生与计划生育支出", 210 类,
/// 卫生健康支出 since 2019), in a table's name column or where the narrative names a class ("…（210类）",
/// "“…-…-…”科目"). A warning: the code is right, the name is outdated, and the rename's source is cited.
/// </summary>
internal static class C8FormerNames
{
    public static RuleResult Check(PackageLines package, string narrative, FormerNames renames)
    {
        if (package.BudgetYear == 0 || (package.Lines.Count == 0 && narrative.Length == 0))
        {
            return RuleRun.NotApplicableResult(RuleIds.FormerName, ClassificationRules.Owner,
                package.BudgetYear == 0 ? "未给出预算年度，无法判断科目名称是否已更名" : "包中没有带科目编码的行，也没有情况说明");
        }

        var result = ClassificationRules.Start(RuleIds.FormerName);

        foreach (var line in package.Lines)
        {
            if (renames.Outdated(line.Line.Scheme, line.Line.Code.Trim(), line.Line.PrintedName, package.BudgetYear) is { } rename)
            {
                result.Add(new Finding
                {
                    Severity = Severity.Warning,
                    Message = $"{TableNames.Of(line.Line.Table)}的 {rename.Code} 印为“{line.Line.PrintedName.Trim()}”：该科目自{rename.RenamedIn}年起更名为“{rename.Name}”，{package.BudgetYear}年预算应使用新名称（{rename.Source}）",
                    Locations = { new Location { Table = line.Line.Table, RowCode = rename.Code, RowIndex = line.Line.RowIndex, Column = line.NameColumn, Project = line.Project } },
                    Expected = rename.Name,
                    Actual = line.Line.PrintedName.Trim(),
                });
            }
        }

        foreach (var rename in renames.OutdatedIn(package.BudgetYear))
        {
            for (var at = narrative.IndexOf(rename.FormerName, StringComparison.Ordinal); at >= 0; at = narrative.IndexOf(rename.FormerName, at + rename.FormerName.Length, StringComparison.Ordinal))
            {
                if (!NamesTheClass(narrative, at, rename))
                {
                    continue;
                }

                var (start, length) = Sentence(narrative, at);
                result.Add(new Finding
                {
                    Severity = Severity.Warning,
                    Message = $"情况说明“{Shorten(narrative.Substring(start, length))}”使用了{rename.Code}类的旧称“{rename.FormerName}”：该科目自{rename.RenamedIn}年起更名为“{rename.Name}”，{package.BudgetYear}年预算应使用新名称（{rename.Source}）",
                    Locations = { Locations.Text(start, length, rename.FormerName) },
                    Expected = rename.Name,
                    Actual = rename.FormerName,
                });
            }
        }

        return result.Result();
    }

    /// <summary>
    /// Whether the words name the class, not just the field in passing: its code follows closely ("（210类）"), or
    /// the printed forms of a class name surround it (quotes, "类", a "-" path of 类-款-项).
    /// </summary>
    internal static bool NamesTheClass(string text, int at, Rename rename)
    {
        var end = at + rename.FormerName.Length;
        var after = text.AsSpan(end, Math.Min(12, text.Length - end));
        if (after.Contains(rename.Code, StringComparison.Ordinal))
        {
            return true;
        }

        var next = end < text.Length ? text[end] : '\0';
        var previous = at > 0 ? text[at - 1] : '\0';
        return next is '-' or '－' or '—' or '类' or '”' or '（' or '(' || previous is '“' or '"' or '-' or '－';
    }

    private static (int Start, int Length) Sentence(string text, int at)
    {
        var start = at;
        while (start > 0 && text[start - 1] is not ('。' or '\n' or '；'))
        {
            start--;
        }

        var end = at;
        while (end < text.Length && text[end] is not ('。' or '\n' or '；'))
        {
            end++;
        }

        return (start, end - start);
    }

    private static string Shorten(string sentence) => sentence.Length <= 60 ? sentence : sentence[..60] + "…";
}
