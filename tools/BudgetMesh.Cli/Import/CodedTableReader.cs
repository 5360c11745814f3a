using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Tables of coded rows under a 合计 row: GF/JJ/GZ/ZC (function, basic/project), JB (economic, personnel/public use),
/// JBG/XMJ/XMG (economic, one amount) and SR (function, amounts by income source named in the headings).
/// </summary>
internal static partial class CodedTableReader
{
    public static FunctionExpenditureTable Function(Section section, TableMeta meta, List<string> notes)
    {
        var table = new FunctionExpenditureTable { Meta = meta };
        var fields = ReadRows(section, notes, c => new FunctionExpenditureRow { Code = c.Code, Name = c.Name }, r => table.TotalRow = r, table.Rows);
        if (fields.Contains("priorYear"))
        {
            table.PriorYear = PriorYear(section);
        }

        Finish(section, meta, table.Rows.Count);
        return table;
    }

    public static BasicExpenditureTable Basic(Section section, TableMeta meta, List<string> notes)
    {
        var table = new BasicExpenditureTable { Meta = meta };
        ReadRows(section, notes, c => new BasicExpenditureRow { Code = c.Code, Name = c.Name }, r => table.TotalRow = r, table.Rows);
        Finish(section, meta, table.Rows.Count);
        return table;
    }

    public static EconomicAmountTable Economic(Section section, TableMeta meta, List<string> notes)
    {
        var table = new EconomicAmountTable { Meta = meta };
        ReadRows(section, notes, c => new EconomicAmountRow { Code = c.Code, Name = c.Name }, r => table.TotalRow = r, table.Rows);
        Finish(section, meta, table.Rows.Count);
        return table;
    }

    /// <summary>
    /// Every coded row into a new row message, each amount in the field its column names. A row whose text dropped its
    /// blank cells is placed by the table's sums (<see cref="DroppedBlanks"/>), or left unplaced with the reason.
    /// </summary>
    /// <returns>The field of each amount column.</returns>
    private static IReadOnlyList<string?> ReadRows<T>(Section section, List<string> notes, Func<CodedCells, T> create, Action<T> setTotal, ICollection<T> rows)
        where T : Google.Protobuf.IMessage
    {
        var fields = AmountColumns.Of(section, out var names);
        var coded = Coded(section).ToList();
        var placed = PlaceDropped(section, coded, fields, notes);
        foreach (var (row, cells) in coded)
        {
            var (rowFields, rowNames) = (fields, names);
            if (placed.TryGetValue(cells, out var decided))
            {
                if (decided is null)
                {
                    (row.Placed, row.Reason) = (false, DroppedBlanks.Undecided);
                    continue;
                }

                (rowFields, rowNames) = (decided, []);
            }

            var target = create(cells);
            SetAll(cells, target, rowFields, rowNames, section, notes);
            Add(cells, target, setTotal, rows);
        }

        return fields;
    }

    /// <summary>
    /// The fields of each row whose text dropped blank cells (fewer amounts than columns); null where the sums do not
    /// decide. A row whose 款 (or 类) the table does not print is checked against the level its code places it under that
    /// is printed, and the missing level is reported.
    /// </summary>
    private static Dictionary<CodedCells, IReadOnlyList<string?>?> PlaceDropped(Section section, List<(Row Row, CodedCells Coded)> rows, IReadOnlyList<string?> fields, List<string> notes)
    {
        var result = new Dictionary<CodedCells, IReadOnlyList<string?>?>(ReferenceEqualityComparer.Instance);
        var coded = rows.Select(r => r.Coded).ToList();
        if (!coded.Any(c => c.Compacted && c.Amounts.Count < fields.Count))
        {
            return result;
        }

        var named = fields.Select((f, i) => f ?? $"#{i}").ToList();
        var sums = section.Layout?.Sums ?? [];
        var placements = rows.Select(r => new DroppedBlanks.Placement(r.Coded.Code, r.Coded.Amounts,
            r.Coded.Compacted && r.Coded.Amounts.Count < named.Count ? ByPosition(section, r.Row, DroppedBlanks.Candidates(r.Coded.Amounts, named, sums)) : [[.. named.Take(r.Coded.Amounts.Count)]])).ToList();
        DroppedBlanks.ByParents(placements, named);
        var missing = placements.SelectMany(p => DroppedBlanks.MissingLevels(placements, p).Select(level => (Level: level, Row: p)))
            .GroupBy(m => m.Level, m => m.Row);
        foreach (var level in missing)
        {
            var ancestor = DroppedBlanks.ParentOf(placements, level.First()) is { } printed && printed.Code.Length > 0 ? $"{Level(printed.Code)} {printed.Code}" : "合计";
            notes.Add($"{section.Label}{section.Title}：{Level(level.Key)}级科目 {level.Key} 未印出；{string.Join("、", level.Select(r => r.Code))} 按编码归入 {ancestor}，以其金额核对各金额所在的列");
        }

        foreach (var (cells, placement) in coded.Zip(placements).Where(p => p.First.Compacted && p.First.Amounts.Count < named.Count))
        {
            result[cells] = placement.Fields?.Select(f => f.StartsWith('#') ? null : f).ToList();
        }

        return result;
    }

    /// <summary>
    /// Each amount into the field its column names; an amount under a column that names no field is reported once per
    /// column, never dropped in silence.
    /// </summary>
    private static void SetAll(CodedCells coded, Google.Protobuf.IMessage target, IReadOnlyList<string?> fields, IReadOnlyList<string> names, Section section, List<string> notes)
    {
        for (var k = 0; k < coded.Amounts.Count; k++)
        {
            if (coded.Amount(k) is not { } value)
            {
                continue;
            }

            if (k < fields.Count && fields[k] is { } field && ColumnFields.Set(target, field, value))
            {
                continue;
            }

            var name = k < names.Count && names[k].Length > 0 ? $"列“{names[k]}”" : $"第 {k + 1} 个金额列";
            var note = $"{section.Label}{section.Title}：{name}在此表中没有对应字段，其金额未导入";
            if (!notes.Contains(note))
            {
                notes.Add(note);
            }
        }
    }

    /// <summary>
    /// Placements the sums leave, narrowed to those that put each amount under the header word it stands under in aligned
    /// text; all of them when none agrees (the text is not aligned there) or the row carries no positions.
    /// </summary>
    private static List<string[]> ByPosition(Section section, Row row, List<string[]> candidates)
    {
        if (candidates.Count < 2 || section.Layout is not { } layout || candidates[0].Length == 0
            || TextPositions.FieldsUnder(row, section.Rows.TakeWhile(r => r != row).Where(CodedRows.IsHeading), layout, candidates[0].Length) is not { } under)
        {
            return candidates;
        }

        return TextPositions.Agreeing(candidates, under) is { Count: > 0 } agreeing ? agreeing : candidates;
    }

    private static string Level(string code) => code.Length switch { 3 => "类", 5 => "款", _ => "项" };

    /// <summary>The earlier of the two years the headings print.</summary>
    private static int PriorYear(Section section) =>
        section.Rows.Where(r => r.IsHeader || CodedRows.IsHeading(r)).SelectMany(r => r.Filled)
            .Select(c => PriorYearPattern().Match(c)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Min();

    /// <summary>SR: the amount columns are the headings from 总计 on, each mapped by what it names; null without such headings.</summary>
    public static IncomeBySourceTable? IncomeBySource(Section section, TableMeta meta, List<string> notes)
    {
        var heading = section.Rows.FirstOrDefault(r => CodedRows.IsHeading(r) && r.Filled.Any(c => c is "总计" or "合计"));
        if (heading is null)
        {
            return null;
        }

        var names = heading.Filled.SkipWhile(c => c is not ("总计" or "合计")).ToList();
        var fields = names.Select(n => section.Layout?.FieldOf(n)).ToList();
        foreach (var (name, _) in names.Zip(fields).Where(c => c.Second is null))
        {
            notes.Add($"{section.Label}{section.Title}：列“{name}”在部门收入总表中没有对应字段，其金额未导入");
        }

        var table = new IncomeBySourceTable { Meta = meta };
        foreach (var (_, coded) in Coded(section))
        {
            var target = new IncomeBySourceRow { Code = coded.Code, Name = coded.Name };
            for (var k = 0; k < fields.Count; k++)
            {
                if (fields[k] is { } field && coded.Amount(k) is { } value)
                {
                    ColumnFields.Set(target, field, value);
                }
            }

            Add(coded, target, r => table.TotalRow = r, table.Rows);
        }

        Finish(section, meta, table.Rows.Count);
        return table;
    }

    /// <summary>Every coded or total row, marked placed; headings are placed too, anything else is left for the caller to report.</summary>
    private static IEnumerable<(Row Row, CodedCells Coded)> Coded(Section section)
    {
        foreach (var row in section.Rows)
        {
            if (CodedRows.Read(row) is { } coded)
            {
                row.Placed = true;
                // A text line without tabs prints no blank cell: its amounts may not stand in their columns.
                var dropped = !coded.Compacted && !section.ReadByPosition && row.Lines is [var line] && !line.Text.Contains('\t', StringComparison.Ordinal)
                    && row.Cells.All(c => c.Trim().Length > 0);
                yield return (row, dropped ? coded with { Compacted = true } : coded);
            }
            else
            {
                row.Placed = CodedRows.IsHeading(row) || row.IsBlank;
            }
        }
    }

    private static void Add<T>(CodedCells coded, T target, Action<T> setTotal, ICollection<T> rows)
    {
        if (coded.IsTotal)
        {
            setTotal(target);
        }
        else
        {
            rows.Add(target);
        }
    }

    /// <summary>State and printed remarks: an explanation of a table printed empty, or notes below the rows.</summary>
    public static void Finish(Section section, TableMeta meta, int rows)
    {
        meta.State = rows > 0 ? TableState.Rows : TableState.DeclaredEmpty;
        var explanation = section.Remarks.Select(r => r.StartsWith("备注", StringComparison.Ordinal) ? r[2..].TrimStart('：', ':', ' ') : r).FirstOrDefault();
        if (rows == 0 && explanation is not null)
        {
            meta.EmptyExplanation = explanation;
        }
        else
        {
            meta.Notes.AddRange(section.Remarks);
        }
    }

    [GeneratedRegex(@"^(\d{4})\s*年(预算数|执行数|预算)?$")]
    private static partial Regex PriorYearPattern();
}
