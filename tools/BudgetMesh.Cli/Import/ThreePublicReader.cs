using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// SG: rows of figures (合计, 出国, 车辆小计, 购置, 运行, 接待 …, named by the layout profile). The budget year's figures
/// are the first figure row, unless the table prints years: a row labelled with a year (`2024年预算数 | 29.70 | …`), or
/// two years over the columns with one row holding both (`2023年预算数` | `2024年预算数`, each over the same figures);
/// the earlier year is the prior year. Figures whose text dropped blank cells (single-spaced, or aligned by runs of
/// spaces) are placed by the table's sums; where the sums leave several placements (购置 or 运行 when only one is
/// printed), by the header word each figure stands under in aligned text (<see cref="TextPositions"/>). A row neither
/// decides is reported.
/// </summary>
internal static partial class ThreePublicReader
{
    public static ThreePublicExpensesTable Read(Section section, TableMeta meta)
    {
        var table = new ThreePublicExpensesTable { Meta = meta };
        var fields = Fields(section);
        var headingYears = section.Rows.Where(r => r.IsHeader || CodedRows.IsHeading(r)).SelectMany(r => r.Filled)
            .Select(Year).OfType<int>().Distinct().ToList();
        var latest = headingYears.Count > 0 ? headingYears.Max() : 0;
        foreach (var row in section.Rows)
        {
            var (year, figures, spaced) = Figures(row);
            // Text lines without tabs cannot print a blank cell: fewer figures than columns means blanks were dropped.
            var compacted = spaced || (!section.ReadByPosition && row.Lines is [var line] && !line.Text.Contains('\t', StringComparison.Ordinal));
            if (figures is null)
            {
                row.Placed = CodedRows.IsHeading(row) || row.IsBlank;
                continue;
            }

            latest = Math.Max(latest, year ?? 0);
            if (headingYears.Count == 2 && year is null && fields.Count > 0 && figures.Count > fields.Count && figures.Count <= 2 * fields.Count && !spaced)
            {
                figures.AddRange(Enumerable.Repeat(string.Empty, 2 * fields.Count - figures.Count));
                // Two years side by side, in the order the headings print them.
                var first = headingYears[0] < headingYears[1];
                row.Placed = Set(table, first ? "prior" : "current", figures[..fields.Count], fields, section, row, spaced)
                    && Set(table, first ? "current" : "prior", figures[fields.Count..], fields, section, row, spaced);
                continue;
            }

            var which = year is { } y && y < latest ? "prior" : year is null && table.CurrentYear is not null ? null : "current";
            if (which is null || (which == "current" && table.CurrentYear is not null) || (which == "prior" && table.PriorYear is not null))
            {
                row.Placed = false;
                continue;
            }

            row.Placed = Set(table, which, figures, fields, section, row, compacted);
            if (!row.Placed && compacted)
            {
                row.Reason = DroppedBlanks.Undecided;
            }
        }

        meta.State = TableState.Rows;
        meta.Notes.AddRange(section.Remarks);
        return table;
    }

    /// <summary>A row of figures: optionally a year label first, then numbers (blanks allowed); single-spaced text split at its spaces.</summary>
    private static (int? Year, List<string>? Figures, bool Spaced) Figures(Row row)
    {
        var cells = row.Cells.Select(c => c.Trim()).ToList();
        var spaced = row.Filled.Count() == 1 && cells.First(c => c.Length > 0).Contains(' ', StringComparison.Ordinal);
        if (spaced)
        {
            cells = [.. cells.First(c => c.Length > 0).Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        while (cells.Count > 0 && cells[^1].Length == 0)
        {
            cells.RemoveAt(cells.Count - 1);
        }

        int? year = null;
        var label = cells.FindIndex(c => c.Length > 0);
        if (label >= 0 && Year(cells[label]) is { } printed)
        {
            year = printed;
            cells = cells[(label + 1)..];
        }

        var numbers = cells.Count(c => c.Length > 0);
        return numbers > 0 && cells.All(c => c.Length == 0 || Amounts.IsNumber(c)) && (numbers >= 2 || year is not null)
            ? (year, cells, spaced)
            : (null, null, false);
    }

    private static bool Set(ThreePublicExpensesTable table, string which, List<string> cells, List<string?> fields, Section section, Row row, bool compacted)
    {
        var placed = compacted && cells.Count < fields.Count ? Dropped(cells, fields, section, row) : fields;
        if (placed is null)
        {
            return false;
        }

        var figures = new ThreePublicFigures();
        for (var k = 0; k < cells.Count && k < placed.Count; k++)
        {
            if (placed[k] is { } field && cells[k].Length > 0)
            {
                ColumnFields.Set(figures, field, cells[k]);
            }
        }

        _ = which == "prior" ? table.PriorYear = figures : table.CurrentYear = figures;
        return true;
    }

    /// <summary>
    /// Fewer figures than columns and no blank printed: placed by the sums (合计 = 出国 + 车辆 + 接待 …) when only one
    /// placement keeps them, else by where the figures stand under the header when only one placement agrees.
    /// </summary>
    private static List<string?>? Dropped(List<string> cells, List<string?> fields, Section section, Row row)
    {
        var named = fields.Select((f, i) => f ?? $"#{i}").ToList();
        var candidates = DroppedBlanks.Candidates(cells, named, section.Layout?.Sums ?? []);
        if (candidates.Count > 1 && section.Layout is { } layout
            && TextPositions.FieldsUnder(row, section.Rows.TakeWhile(r => r != row).Where(CodedRows.IsHeading), layout, cells.Count) is { } under)
        {
            candidates = TextPositions.Agreeing(candidates, under);
        }

        return candidates is [var only] ? [.. only.Select(f => f.StartsWith('#') ? null : f)] : null;
    }

    /// <summary>
    /// Where each figure is printed: by the header's column names in the table's layout profile when the table was read by
    /// position (Shanghai prints 公务接待费 before the vehicles and adds 机关运行经费), else in the profile's printed order.
    /// </summary>
    private static List<string?> Fields(Section section)
    {
        var byName = section.Columns.Select(c => section.Layout?.FieldOf(c)).ToList();
        return byName.Any(f => f is not null) ? byName : [.. section.Layout?.Order ?? []];
    }

    private static int? Year(string cell) =>
        YearPattern().Match(cell) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^(\d{4})\s*年(预算数|执行数|预算|决算数)?$")]
    private static partial Regex YearPattern();
}
