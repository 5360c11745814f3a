using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// ZT and XJ: a key/value block (names, funds, goal) above a heading row and indicator rows. Keys are matched by what
/// they say, wherever the district printed them. A unit comes from the 单位 line, else from a caption such as
/// `资金情况 (万元)`; when neither is printed the meta's unit stays unspecified for <see cref="TargetUnits"/> to infer.
/// </summary>
internal static class TargetReader
{
    public static OverallTargetTable Read(Section section, TableMeta meta, List<string> notes)
    {
        var table = new OverallTargetTable { Meta = meta };
        var layout = section.Layout;
        var (head, heading, body) = Split(section);
        var where = $"{section.Label}{section.Title}";

        // Funds printed as a small grid: number rows under one or two heading rows; each number is named by its headings.
        var numbers = head.Where(r => !r.IsBlank && r.Filled.All(Amounts.IsNumber)).ToList();
        var grid = numbers.SelectMany(n => Above(head, n)).ToHashSet();
        foreach (var row in grid)
        {
            Caption(row, meta);
            row.Placed = true;
        }

        var unnamed = new List<string>();
        foreach (var row in numbers)
        {
            var above = Above(head, row);
            for (var c = 0; c < row.Cells.Count; c++)
            {
                if (row.Cell(c) is not { Length: > 0 } cell)
                {
                    continue;
                }

                var headings = above.Select(a => Nearest(a, c)).Where(n => n.Length > 0).Distinct().ToList();
                var rule = headings.Select(h => KeyOf(layout, KeyValueRows.Normalize(h))).FirstOrDefault(r => r is not null);
                if (rule is null || !ColumnFields.Set(table, rule.Field, cell, rule))
                {
                    unnamed.Add($"{string.Join(' ', headings)} {cell}");
                }
            }

            row.Placed = true;
        }

        if (unnamed.Count > 0)
        {
            notes.Add($"{where}：以下资金分项在整体绩效目标表中没有对应字段，未导入：{string.Join("、", unnamed)}");
        }

        var pairs = KeyValueRows.Read([.. head.Except(grid).Except(numbers)], k => IsKey(layout, k));
        Apply(table, pairs, layout, meta, where, notes);
        ReadIndicators(heading, body, where, notes, table.Indicators, meta, layout);
        Finish(section, meta, table.Indicators.Count > 0 || table.GoalText.Length > 0);
        return table;
    }

    public static ProjectTargetTable ReadProject(Section section, TableMeta meta, List<string> notes)
    {
        var table = new ProjectTargetTable { Meta = meta };
        var (head, heading, body) = Split(section);
        var where = $"{section.Label}{section.Title}";
        var pairs = KeyValueRows.Read(head, k => IsKey(section.Layout, k));
        Apply(table, pairs, section.Layout, meta, () => $"{where}（{table.ProjectName}）", notes);
        ReadIndicators(heading, body, where, notes, table.Indicators, meta, section.Layout);
        Finish(section, meta, table.Indicators.Count > 0 || table.GoalText.Length > 0);
        return table;
    }

    private static void Apply(Google.Protobuf.IMessage table, List<KeyValue> pairs, TableLayout? layout, TableMeta meta, string where, List<string> notes) =>
        Apply(table, pairs, layout, meta, () => where, notes);

    /// <summary>
    /// Each key's value into the field the profile's key rule names. Parts printed apart (`adds`: 财政专户管理资金, 单位资金 …)
    /// are added up into their field when the field itself is not printed, and the sum is reported.
    /// </summary>
    private static void Apply(Google.Protobuf.IMessage table, List<KeyValue> pairs, TableLayout? layout, TableMeta meta, Func<string> where, List<string> notes)
    {
        var parts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var printed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            CaptionUnit(pair.Key, meta);
            if (pair.Value is not { } value || KeyOf(layout, pair.Key) is not { } rule || IsNote(rule))
            {
                continue;
            }

            if (rule.Adds)
            {
                (parts.TryGetValue(rule.Field, out var list) ? list : parts[rule.Field] = []).Add(value);
            }
            else if (ColumnFields.Set(table, rule.Field, value, rule))
            {
                printed.Add(rule.Field);
            }
        }

        foreach (var (field, values) in parts.Where(p => !printed.Contains(p.Key)))
        {
            var list = string.Join("、", values.Select(p => p.Trim()));
            if (Amounts.Sum(values) is { } sum)
            {
                ColumnFields.Set(table, field, sum);
                notes.Add($"{where()}：{Named(layout, field)}由分项 {list} 合计");
            }
            else
            {
                notes.Add($"{where()}：{Named(layout, field)}分项 {list} 含非数字，未合计");
            }
        }
    }

    /// <summary>A field as the profile's first key for it prints it (其他资金), for a note; the field's name failing that.</summary>
    private static string Named(TableLayout? layout, string field) =>
        layout?.Table.Keys?.FirstOrDefault(r => r.Field == field && !r.Adds)?.Names?.FirstOrDefault() is { Count: > 0 } variant
            ? variant[0].Trim('^', '$')
            : field;

    private static bool IsKey(TableLayout? layout, string key) => KeyOf(layout, key) is not null || layout?.IsCaption(key) == true;

    /// <summary>The key rule of a printed key, also when the key carries its unit (`年度资金总额(万元)`).</summary>
    private static LayoutProfiles.ColumnRule? KeyOf(TableLayout? layout, string key) =>
        layout?.KeyOf(key) ?? (TableTitles.CaptionUnit(key) is AmountUnit.Unspecified ? null : layout?.KeyOf(TableTitles.WithoutCaptionUnit(key)));

    /// <summary>A key whose value is a note on the table (其他说明), not a field of it.</summary>
    private static bool IsNote(LayoutProfiles.ColumnRule rule) => rule.Field == "meta.notes";

    private static void ReadIndicators(Row? heading, List<Row> body, string where, List<string> notes, ICollection<Indicator> indicators, TableMeta meta, TableLayout? layout)
    {
        if (heading is null)
        {
            return;
        }

        heading.Placed = true;
        var mismatch = $"{where}：表头与指标行的单元格不对应，按含义读取（指标名称、指标性质、指标值、计量单位、权重）";
        foreach (var row in body)
        {
            if (IndicatorRows.ByHeading(heading, row, layout) is { } lined)
            {
                indicators.Add(lined);
            }
            else if (IndicatorRows.IsIndicator(row))
            {
                indicators.Add(IndicatorRows.Read(heading, row, mismatch, notes, layout));
            }
            else if (row.IsBlank)
            {
                row.Placed = true;
            }
            else
            {
                // Captions and notes (其他说明) below the indicators; a printed note is kept with its key.
                var pairs = KeyValueRows.Read([row], k => layout?.IsCaption(k) == true || layout?.KeyOf(k) is { } rule && IsNote(rule));
                foreach (var pair in pairs.Where(p => p.Value is not null && layout?.KeyOf(p.Key) is { } rule && IsNote(rule)))
                {
                    meta.Notes.Add($"{pair.Key}：{pair.Value!.Trim()}");
                }
            }
        }
    }

    /// <summary>Rows above the heading row, the heading row, and the rows below it.</summary>
    private static (List<Row> Head, Row? Heading, List<Row> Body) Split(Section section)
    {
        SplitSpaced(section);
        var index = section.Rows.FindIndex(r => IndicatorRows.IsHeading(r, section.Layout));
        return index < 0
            ? (section.Rows, null, [])
            : (section.Rows[..index], section.Rows[index], section.Rows[(index + 1)..]);
    }

    /// <summary>
    /// Indicator rows and their heading printed as one single-spaced run each (a PDF's text): cut into their words, as an
    /// indicator row prints an operator word (≥, ＝, 定性 …) and a heading names the indicator and two more fields.
    /// </summary>
    private static void SplitSpaced(Section section)
    {
        foreach (var row in section.Rows)
        {
            if (row.Filled.ToList() is not [var only] || !only.Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }

            var words = only.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var named = words.Select(w => section.Layout?.FieldOf(KeyValueRows.Normalize(w))).Where(f => f is not null).Distinct().ToList();
            if ((named.Count >= 3 && named.Contains("level3")) || IndicatorRows.IsIndicator(new Row([.. words], [])))
            {
                row.Cells.Clear();
                row.Cells.AddRange(words);
            }
        }
    }

    /// <summary>Up to two heading rows right above a number row.</summary>
    private static List<Row> Above(List<Row> head, Row row)
    {
        var index = head.IndexOf(row);
        return head[Math.Max(0, index - 2)..index].Where(r => !r.IsBlank && !r.Filled.All(Amounts.IsNumber)).ToList();
    }

    /// <summary>The heading over column <paramref name="column"/>: the last filled cell at or left of it (a merged group heading).</summary>
    private static string Nearest(Row heading, int column)
    {
        for (var c = Math.Min(column, heading.Cells.Count - 1); c >= 0; c--)
        {
            if (heading.Cell(c) is { Length: > 0 } cell)
            {
                return cell;
            }
        }

        return string.Empty;
    }

    private static void Caption(Row row, TableMeta meta)
    {
        foreach (var cell in row.Filled)
        {
            CaptionUnit(cell, meta);
        }
    }

    private static void CaptionUnit(string cell, TableMeta meta)
    {
        if (meta.Unit == AmountUnit.Unspecified && TableTitles.CaptionUnit(cell) is not AmountUnit.Unspecified and var unit)
        {
            meta.Unit = unit;
        }
    }

    private static void Finish(Section section, TableMeta meta, bool hasContent)
    {
        meta.State = hasContent ? TableState.Rows : TableState.DeclaredEmpty;
        meta.Notes.AddRange(section.Remarks);
    }
}
