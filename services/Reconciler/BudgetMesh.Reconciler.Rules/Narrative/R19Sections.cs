using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Rules;
using BudgetMesh.Reconciler.Rules.Profiles;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// R19: the required sections of the narrative, as the package's region names them (<see cref="RegionProfiles"/>):
/// a section is present when the document's structure recognised it, or when a heading line of the narrative
/// carries one of the region's heading words for it (Shanghai's 部门主要职能, 机构设置, 部门预算编制说明, …).
/// </summary>
internal static class R19Sections
{
    public static void Check(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.Sections];
        var profile = RegionProfiles.For(run.Package);
        List<string>? headings = null;
        foreach (var section in profile.Sections)
        {
            var kind = Enum.Parse<SectionKind>(section.Kind);
            // "二、部门预算收支情况 （一）收入预算…（二）支出预算…": the overview printed as its two halves is present.
            if (run.Document.Has(kind) || (kind == SectionKind.Overview && run.Document.Has(SectionKind.IncomeBudget) && run.Document.Has(SectionKind.ExpenditureBudget)))
            {
                rule.Checked();
                continue;
            }

            headings ??= HeadingLines(run.Package.Narrative?.Text);
            if (section.Headings.Any(word => headings.Exists(line => line.Contains(Fold(word), StringComparison.Ordinal))))
            {
                rule.Checked();
                continue;
            }

            rule.Fail(new Finding
            {
                Severity = Severity.Warning,
                Message = $"情况说明缺少“{section.Name}”部分",
                Locations = { new Location { Table = TableKey.Nar, RowIndex = -1, Label = section.Name } },
                Expected = section.Name,
            });
        }
    }

    /// <summary>
    /// The lines that can be headings: short, not a sentence (no closing 。；，), not a 目录 entry (no dot leaders),
    /// folded (full/half width, spaces and quotes removed).
    /// </summary>
    internal static List<string> HeadingLines(string? narrative)
    {
        var lines = new List<string>();
        foreach (var raw in (narrative ?? string.Empty).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length is 0 or > 40 || line[^1] is '。' or '；' or '，' or '：' || line.Contains("……", StringComparison.Ordinal) || line.Contains("...", StringComparison.Ordinal))
            {
                continue;
            }

            lines.Add(Fold(line));
        }

        return lines;
    }

    private static string Fold(string text) =>
        TableOfContents.Key(text).Replace("“", string.Empty, StringComparison.Ordinal).Replace("”", string.Empty, StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal);
}
