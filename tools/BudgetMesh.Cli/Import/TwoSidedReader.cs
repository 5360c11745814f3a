using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// CZ and SZ print income on the left and expenditure on the right of the same rows. The left side is a label and an
/// amount; the right side a label and one amount (SZ) or the amounts of the profile's printed order (CZ: 合计 and the three
/// funds). Which label names which field of the table is the layout profile's data (its income and expenditure rules),
/// never a position, so a total printed first (SZ) or a missing carry-over line changes nothing. Function 类 codes are not
/// printed here: <see cref="PackageInferences"/> fills them once every table is read.
/// </summary>
internal static class TwoSidedReader
{
    public static FiscalFundsOverviewTable FiscalFunds(Section section, TableMeta meta)
    {
        var table = new FiscalFundsOverviewTable { Meta = meta };
        Read(section, table);
        meta.State = table.ExpenditureByFunction.Count > 0 || table.IncomeTotal is not null ? TableState.Rows : TableState.DeclaredEmpty;
        meta.Notes.AddRange(section.Remarks);
        return table;
    }

    public static DepartmentOverviewTable Department(Section section, TableMeta meta)
    {
        var table = new DepartmentOverviewTable { Meta = meta };
        Read(section, table);
        meta.State = table.Income.Count + table.Expenditure.Count > 0 ? TableState.Rows : TableState.DeclaredEmpty;
        meta.Notes.AddRange(section.Remarks);
        return table;
    }

    /// <summary>Each row's left and right line into the field its label names; a row with a label no rule names is left unplaced.</summary>
    private static void Read(Section section, IMessage table)
    {
        var layout = section.Layout;
        var order = layout?.Order ?? [];
        var width = 3 + Math.Max(1, order.Count);
        var (income, expenditure) = (new HashSet<string>(), new HashSet<string>());
        foreach (var row in section.Rows)
        {
            if (row.IsBlank || (layout is not null && row.Filled.All(layout.IsHeadingWord)))
            {
                row.Placed = true;
                continue;
            }

            if (layout is null || !Fits(row, width))
            {
                row.Placed = false;
                continue;
            }

            var left = Side(row, 0, [row.Cell(1)], table, income, layout.IncomeOf, order);
            var right = Side(row, 2, [.. Enumerable.Range(3, width - 3).Select(row.Cell)], table, expenditure, layout.ExpenditureOf, order);
            row.Placed = left && right;
        }
    }

    /// <summary>One side of a row: blank, or a label a rule names and its amounts, set into the rule's field.</summary>
    private static bool Side(Row row, int column, string[] amounts, IMessage table, HashSet<string> read,
        Func<string, IReadOnlySet<string>, LayoutProfiles.ColumnRule?> ruleOf, IReadOnlyList<string> order)
    {
        var label = row.Cell(column);
        if (label.Length == 0)
        {
            return amounts.All(a => a.Length == 0);
        }

        if (ruleOf(label, read) is not { } rule || ColumnFields.Resolve(table.Descriptor, rule.Field) is not { FieldType: FieldType.Message } field)
        {
            return false;
        }

        read.Add(rule.Field);
        var line = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
        var named = ColumnFields.Settable(line.Descriptor, "label") is not null ? "label" : "name";
        ColumnFields.Set(line, named, label);
        var fields = ColumnFields.Settable(line.Descriptor, "amount") is not null ? ["amount"] : order;
        for (var k = 0; k < fields.Count && k < amounts.Length; k++)
        {
            // A cell that is no amount is left unset (Fits keeps words out of amount columns).
            if (Amounts.Parse(amounts[k]) is { } amount)
            {
                ColumnFields.Set(line, fields[k], amount);
            }
        }

        foreach (var (name, value) in rule.Set ?? new Dictionary<string, string>())
        {
            ColumnFields.Set(line, name, value);
        }

        if (field.IsRepeated)
        {
            ((System.Collections.IList)field.Accessor.GetValue(table)).Add(line);
        }
        else
        {
            field.Accessor.SetValue(table, line);
        }

        return true;
    }

    /// <summary>
    /// A row of this layout: no cells beyond its width, labels where labels belong and no words where amounts belong.
    /// A row that lost a blank cell (layout text) shifts words into amount columns: it is reported, not read.
    /// </summary>
    private static bool Fits(Row row, int width) =>
        row.Cells.Skip(width).All(c => c.Trim().Length == 0)
        && !Amounts.IsNumber(row.Cell(0)) && !Amounts.IsNumber(row.Cell(2))
        && !CodedRows.IsCode(row.Cell(0)) && !CodedRows.IsCode(row.Cell(2))
        && Enumerable.Range(0, width).Where(i => i is not (0 or 2)).All(i => !row.Cell(i).Any(IsHan));

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF';
}
