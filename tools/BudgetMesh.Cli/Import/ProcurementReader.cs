using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// CG: columns are mapped by what their headings say, not by position. The headings are printed on two rows: the top
/// row names every column or group, the second names the sub-columns of a group, starting with its 小计. A column
/// with no field (一般公共预算资金, 一般债券, …) is read too, and a value printed there is reported, not dropped.
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

        var names = ColumnNames(headings[0], headings.Count > 1 ? headings[1] : null);
        var columns = names.Select(Column).ToList();
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
            if (cells.Count > names.Count && cells.Skip(names.Count).Any(c => c.Length > 0))
            {
                continue;
            }

            // The total row prints its 合计 label in one of the text columns; ProcurementRow has no label field.
            var isTotal = cells.Any(c => c.TrimEnd('：', ':') is "合计" or "总计");
            var target = new ProcurementRow();
            for (var k = 0; k < cells.Count; k++)
            {
                if (cells[k].Length == 0 || (isTotal && cells[k].TrimEnd('：', ':') is "合计" or "总计"))
                {
                    continue;
                }

                if (columns[k] is { } set)
                {
                    set(target, cells[k]);
                }
                else
                {
                    unmapped.Add($"{names[k]} {cells[k]}（第 {row.Lines[0].LineNumber} 行）");
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

    private static ProcurementRow AddRow(ProcurementTable table, ProcurementRow row)
    {
        table.Rows.Add(row);
        return row;
    }

    /// <summary>
    /// One name per column: a second-row cell that is blank takes the next top heading of its own; 小计 opens a group
    /// under the next top heading (`一般公共预算/小计`); other second-row cells are sub-columns of the open group.
    /// </summary>
    private static List<string> ColumnNames(Row top, Row? sub)
    {
        var tops = top.Filled.ToList();
        if (sub is null)
        {
            return tops;
        }

        var names = new List<string>();
        var next = 0;
        var group = string.Empty;
        foreach (var cell in sub.Cells.Select(c => c.Trim()))
        {
            if (cell.Length == 0)
            {
                group = string.Empty;
                names.Add(next < tops.Count ? tops[next++] : string.Empty);
            }
            else if (cell == "小计")
            {
                group = next < tops.Count ? tops[next++] : string.Empty;
                names.Add(group + "/小计");
            }
            else
            {
                names.Add(group.Length > 0 ? $"{group}/{cell}" : cell);
            }
        }

        return names;
    }

    private static Action<ProcurementRow, string>? Column(string name)
    {
        var group = name.Split('/')[0];
        var subtotal = !name.Contains('/', StringComparison.Ordinal) || name.EndsWith("/小计", StringComparison.Ordinal);
        return group switch
        {
            _ when !subtotal => null,
            "部门单位" or "单位" or "预算单位" or "单位名称" => (r, v) => r.Unit = v,
            "项目编码" => (r, v) => r.ProjectCode = v,
            "项目名称" => (r, v) => r.ProjectName = v,
            "功能科目" or "功能分类科目" => (r, v) => (r.FunctionCode, r.FunctionName) = CodeName(v),
            "政府经济科目" or "政府预算经济科目" or "政府预算支出经济分类科目" => (r, v) => (r.GovEconomicCode, r.GovEconomicName) = CodeName(v),
            "部门经济科目" or "部门预算经济科目" or "部门预算支出经济分类科目" => (r, v) => (r.DeptEconomicCode, r.DeptEconomicName) = CodeName(v),
            "是否政府采购" => (r, v) => r.IsGovernmentProcurement = v,
            "项目状态" => (r, v) => r.ProjectStatus = v,
            "采购品目" or "采购目录" or "政府采购品目" => (r, v) => r.Item = v,
            "采购类别" or "采购类型" or "货物/工程/服务" => (r, v) => r.Kind = Kind(v),
            "总计" or "合计" => (r, v) => r.Total = Amounts.Parse(v) ?? v,
            "一般公共预算" => (r, v) => r.GeneralBudget = Amounts.Parse(v) ?? v,
            "政府性基金预算" => (r, v) => r.GovernmentFund = Amounts.Parse(v) ?? v,
            "国有资本经营预算" => (r, v) => r.StateCapital = Amounts.Parse(v) ?? v,
            "财政专户管理资金" => (r, v) => r.FiscalSpecialAccount = Amounts.Parse(v) ?? v,
            "单位资金" => (r, v) => r.UnitFunds = Amounts.Parse(v) ?? v,
            _ => null,
        };
    }

    /// <summary>`2010302-一般行政管理事务` split at the first `-`; a cell without one is all name.</summary>
    private static (string Code, string Name) CodeName(string cell)
    {
        var dash = cell.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && CodedRows.IsCode(cell[..dash].Trim()) ? (cell[..dash].Trim(), cell[(dash + 1)..].Trim()) : (string.Empty, cell);
    }

    private static ProcurementKind Kind(string cell) => cell switch
    {
        "货物" or "货物类" => ProcurementKind.Goods,
        "工程" or "工程类" => ProcurementKind.Works,
        "服务" or "服务类" => ProcurementKind.Services,
        _ => ProcurementKind.Unspecified,
    };
}
