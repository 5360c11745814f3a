using BudgetMesh.Contracts.Budget;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>The import's account per table, in Chinese: rows read and printed lines left unplaced.</summary>
internal static class ImportSummary
{
    public static IEnumerable<string> PerTable(ImportResult result)
    {
        foreach (var section in result.Sections)
        {
            // Read by position, the first row is the printed header; in text, headings are told by their words.
            var rows = section.Columns.Count > 0
                ? section.Rows.Skip(1).Count(r => r.Placed && !r.IsBlank)
                : section.Rows.Count(r => r.Placed && !r.IsBlank && !CodedRows.IsHeading(r));
            var left = section.Rows.Where(r => !r.Placed).Sum(r => r.Lines.Count);
            yield return $"  {section.Label}{section.Title}（{section.Key}）：读入 {rows} 行，未能放置 {left} 行";
        }
    }

    /// <summary>
    /// What Intake would refuse in the imported package, by Intake's own structural validator and in its words: one line
    /// per problem, field and reason in Chinese; nothing when Intake would accept it.
    /// </summary>
    public static IReadOnlyList<string> IntakeRefusals(BudgetPackage package)
    {
        var violations = PackageValidator.Validate(package, new PackageLimits());
        return violations.Count == 0
            ? []
            : [$"Intake 会拒收这个预算包：结构问题 {violations.Count} 处", .. violations.Select(v => $"  {v.Field}：{v.Chinese}")];
    }
}
