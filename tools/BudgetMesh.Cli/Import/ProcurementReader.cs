using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// CG: columns are mapped by what their headings say (the layout profile's column rules), not by position. The headings
/// are printed on two rows: the top row names every column or group, the second names the sub-columns of a group,
/// starting with its 小计. A group's 小计 column is named by the group's heading; its other sub-columns, and columns the
/// profile names no field for (一般公共预算资金, 一般债券, …), are read too, and a value printed there is reported, not dropped.
/// </summary>
internal static class ProcurementReader
{
    public static ProcurementTable? Read(Section section, TableMeta meta, List<string> notes)
    {
        var headings = section.Rows.TakeWhile(r => r.IsBlank || CodedRows.IsHeading(r)).Where(r => !r.IsBlank).ToList();
        if (headings.Count == 0)
        {
            return null;
        }

        var columns = ColumnNames(headings[0], headings.Count > 1 ? headings[1] : null);
        var rules = columns.Select(c => c.Mapped ? section.Layout?.ColumnOf(c.Name) : null).ToList();
        headings.ForEach(h => h.Placed = true);

        var table = new ProcurementTable { Meta = meta };
        var unmapped = new List<string>();
        foreach (var row in section.Rows.Where(r => !r.Placed))
        {
            if (row.IsBlank)
            {
                row.Placed = true;
                continue;
            }

            var cells = row.Cells.Select(c => c.Trim()).ToList();
            if (cells.Count > columns.Count && cells.Skip(columns.Count).Any(c => c.Length > 0))
            {
                continue;
            }

            // The total row prints its 合计 label in one of the text columns; ProcurementRow has no label field.
            var isTotal = cells.Any(IsTotal);
            var target = new ProcurementRow();
            for (var k = 0; k < cells.Count; k++)
            {
                if (cells[k].Length == 0 || (isTotal && IsTotal(cells[k])))
                {
                    continue;
                }

                if (rules[k] is not { } rule || !ColumnFields.Set(target, rule.Field, cells[k], rule))
                {
                    unmapped.Add($"{columns[k].Printed} {cells[k]}（第 {row.Lines[0].LineNumber} 行）");
                }
            }

            _ = isTotal ? table.TotalRow = target : AddRow(table, target);
            row.Placed = true;
        }

        if (unmapped.Count > 0)
        {
            notes.Add($"{section.Label}{section.Title}：以下列在政府采购表中没有对应字段，其值未导入：{string.Join("；", unmapped)}");
        }

        CodedTableReader.Finish(section, meta, table.Rows.Count);
        return table;
    }

    private static bool IsTotal(string cell) => CodedRows.IsTotalLabel(cell.TrimEnd('：', ':'));

    private static ProcurementRow AddRow(ProcurementTable table, ProcurementRow row)
    {
        table.Rows.Add(row);
        return row;
    }

    /// <summary>
    /// One name per column: a second-row cell that is blank takes the next top heading of its own; 小计 opens a group
    /// under the next top heading and is named by it; other second-row cells are sub-columns of the open group, named
    /// `group/sub` when reported and mapped to no field.
    /// </summary>
    private static List<(string Name, string Printed, bool Mapped)> ColumnNames(Row top, Row? sub)
    {
        var tops = top.Filled.ToList();
        if (sub is null)
        {
            return [.. tops.Select(t => (t, t, true))];
        }

        var names = new List<(string, string, bool)>();
        var next = 0;
        var group = string.Empty;
        foreach (var cell in sub.Cells.Select(c => c.Trim()))
        {
            if (cell.Length == 0)
            {
                group = string.Empty;
                var name = next < tops.Count ? tops[next++] : string.Empty;
                names.Add((name, name, true));
            }
            else if (cell == "小计")
            {
                group = next < tops.Count ? tops[next++] : string.Empty;
                names.Add((group, group + "/小计", true));
            }
            else
            {
                names.Add((cell, group.Length > 0 ? $"{group}/{cell}" : cell, group.Length == 0));
            }
        }

        return names;
    }
}
