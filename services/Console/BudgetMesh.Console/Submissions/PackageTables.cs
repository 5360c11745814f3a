using System.Collections;
using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using BudgetMesh.Contracts.Budget;

namespace BudgetMesh.Console.Submissions;

/// <summary>One printed table, flattened into grids of rows and cells named by their proto fields.</summary>
internal sealed record TableView(
    TableKey Key,
    int Instance,
    string Title,
    string AnnexLabel,
    AmountUnit Unit,
    bool DeclaredEmpty,
    string EmptyExplanation,
    IReadOnlyList<string> Notes,
    IReadOnlyList<FieldLine> Fields,
    IReadOnlyList<GridView> Grids)
{
    /// <summary>For XJ: the project code, else its name (what Location.project names).</summary>
    public string Project => Fields.FirstOrDefault(f => f.Field == "project_code" && !string.IsNullOrEmpty(f.Value))?.Value
        ?? Fields.FirstOrDefault(f => f.Field == "project_name")?.Value ?? string.Empty;

    /// <summary>Distinguishes the XJ tables (one per project) for anchors and diffs.</summary>
    public string Id => Key == TableKey.Xj ? $"XJ-{Instance + 1}" : PackageTables.KeyName(Key);
}

/// <summary>A scalar of the table itself (e.g. 年度目标, 部门支出预算数).</summary>
internal sealed record FieldLine(string Field, string Label, string? Value, bool IsAmount);

/// <summary>Rows of one row type; <see cref="Field"/> is the repeated field's name (e.g. "rows", "income").</summary>
internal sealed record GridView(string Field, IReadOnlyList<ColumnView> Columns, IReadOnlyList<RowView> Rows);

/// <summary>A column: the row message's field name (what Location.column names) and its printed header.</summary>
internal sealed record ColumnView(string Field, string Header, bool IsAmount);

/// <summary>
/// A printed row. <see cref="Index"/> is its zero-based position in <see cref="Source"/> when that is a repeated
/// field, -1 for a singular row such as the 合计 row.
/// </summary>
internal sealed record RowView(string Source, int Index, string Code, string Name, string Label, bool IsTotal, IReadOnlyDictionary<string, string?> Cells);

/// <summary>
/// Turns a package's annex tables into <see cref="TableView"/>s by walking the proto descriptors, so every
/// table of package.proto renders in its printed field order without a hand-written renderer per table.
/// </summary>
internal static class PackageTables
{
    // Fields whose header depends on the message they sit in.
    private static readonly Dictionary<string, string> QualifiedHeaders = new(StringComparer.Ordinal)
    {
        ["Indicator.unit"] = "度量单位",
        ["ProjectTargetTable.unit"] = "填报单位",
        ["ProjectRow.amount"] = "总计",
        ["ProjectListTable.total"] = "合计",
    };

    private static readonly Dictionary<TableKey, string> Names = new()
    {
        [TableKey.Cz] = "财政拨款收支总表", [TableKey.Gf] = "一般公共预算财政拨款支出预算表",
        [TableKey.Jb] = "一般公共预算财政拨款基本支出预算表（部门预算支出经济分类）", [TableKey.Jbg] = "一般公共预算财政拨款基本支出预算表（政府预算支出经济分类）",
        [TableKey.Sg] = "一般公共预算“三公”经费支出表", [TableKey.Jj] = "政府性基金预算支出表", [TableKey.Gz] = "国有资本经营预算支出表",
        [TableKey.Sz] = "部门收支总表", [TableKey.Sr] = "部门收入总表", [TableKey.Zc] = "部门支出总表",
        [TableKey.Xmj] = "项目支出预算表（部门预算支出经济分类）", [TableKey.Xmg] = "项目支出预算表（政府预算支出经济分类）",
        [TableKey.Xm] = "项目支出明细表", [TableKey.Cg] = "政府采购明细表", [TableKey.Zt] = "整体绩效目标表", [TableKey.Xj] = "项目绩效目标表",
        [TableKey.Nar] = "情况说明", [TableKey.Header] = "封面信息",
    };

    public static string KeyName(TableKey key) => key switch
    {
        TableKey.Unspecified => "",
        TableKey.Nar => "NAR",
        TableKey.Header => "HEADER",
        _ => key.ToString().ToUpperInvariant(),
    };

    public static string TableName(TableKey key) => Names.GetValueOrDefault(key, KeyName(key));

    public static string UnitLabel(AmountUnit unit) => unit switch
    {
        AmountUnit.Yuan => "元",
        AmountUnit.TenThousandYuan => "万元",
        _ => "未注明",
    };

    public static IReadOnlyList<TableView> From(BudgetPackage package)
    {
        var tables = new List<TableView>();
        if (package.Tables is null)
        {
            return tables;
        }

        foreach (var field in AnnexTables.Descriptor.Fields.InFieldNumberOrder())
        {
            // AnnexTables numbers its fields exactly as TableKey numbers the tables (cz = 1 … xj = 16).
            var key = (TableKey)field.FieldNumber;
            if (field.IsRepeated)
            {
                var i = 0;
                foreach (IMessage table in (IList)field.Accessor.GetValue(package.Tables))
                {
                    tables.Add(Table(key, i++, table));
                }
            }
            else if (field.Accessor.GetValue(package.Tables) is IMessage table)
            {
                tables.Add(Table(key, 0, table));
            }
        }

        return tables;
    }

    /// <summary>A decimal string as printed officially: thousands separators, 2 decimals; anything else verbatim.</summary>
    public static string FormatAmount(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        return WireAmount.TryParse(value, out var amount)
            ? amount.ToString("#,##0.00", CultureInfo.InvariantCulture)
            : value;
    }

    private static TableView Table(TableKey key, int instance, IMessage table)
    {
        var meta = new TableMeta();
        var fields = new List<FieldLine>();
        var grids = new List<(MessageDescriptor Type, string Field, List<RowView> Rows)>();
        foreach (var field in table.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message && field.MessageType == TableMeta.Descriptor)
            {
                meta = field.Accessor.GetValue(table) as TableMeta ?? meta;
            }
            else if (field.FieldType == FieldType.Message)
            {
                var rows = Rows(field, table).ToList();
                if (grids.Count > 0 && grids[^1].Type == field.MessageType)
                {
                    grids[^1].Rows.AddRange(rows);
                    if (field.IsRepeated)
                    {
                        grids[^1] = grids[^1] with { Field = field.Name };
                    }
                }
                else
                {
                    grids.Add((field.MessageType, field.Name, rows));
                }
            }
            else if (Scalar(field, table) is { } value || field.HasPresence)
            {
                fields.Add(new FieldLine(field.Name, Header(table.Descriptor, field.Name), Scalar(field, table), IsAmount(field)));
            }
        }

        var title = string.IsNullOrWhiteSpace(meta.PrintedTitle) ? TableName(key) : meta.PrintedTitle;
        return new TableView(key, instance, title, meta.AnnexLabel, meta.Unit, meta.State == TableState.DeclaredEmpty, meta.EmptyExplanation, [.. meta.Notes], fields,
            [.. grids.Where(g => g.Rows.Count > 0).Select(g => new GridView(g.Field, Printed(Columns(g.Type), g.Rows), g.Rows))]);
    }

    private static IEnumerable<RowView> Rows(FieldDescriptor field, IMessage table)
    {
        if (field.IsRepeated)
        {
            var i = 0;
            foreach (IMessage row in (IList)field.Accessor.GetValue(table))
            {
                yield return Row(field.Name, i++, row);
            }
        }
        else if (field.Accessor.GetValue(table) is IMessage row)
        {
            yield return Row(field.Name, -1, row);
        }
    }

    private static RowView Row(string source, int index, IMessage row)
    {
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in row.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message && !field.IsRepeated)
            {
                cells[field.Name] = Scalar(field, row);
            }
        }

        var code = First(cells, "code", "project_code");
        var name = First(cells, "name", "label", "project_name", "level3");
        var label = index < 0 ? (ColumnNames.Of(source) ?? source) : string.Empty;
        var isTotal = source is "total_row" or "income_total" or "expenditure_total" || (index < 0 && name.Contains("合计", StringComparison.Ordinal));
        return new RowView(source, index, code, name, label, isTotal, cells);
    }

    private static IReadOnlyList<ColumnView> Columns(MessageDescriptor type) =>
        [.. type.Fields.InFieldNumberOrder()
            .Where(f => f.FieldType != FieldType.Message && !f.IsRepeated && f.Name != "source")
            .Select(f => new ColumnView(f.Name, Header(type, f.Name), IsAmount(f)))];

    // An amount column no row sets was not printed (e.g. SZ's split columns where a table does not split lines).
    private static IReadOnlyList<ColumnView> Printed(IReadOnlyList<ColumnView> columns, IReadOnlyList<RowView> rows) =>
        [.. columns.Where(c => !c.IsAmount || rows.Any(r => r.Cells.GetValueOrDefault(c.Field) is not null))];

    /// <summary>The printed header of a field wherever it sits; null when the field has none (never shown raw).</summary>
    public static string? HeaderOf(string field) => ColumnNames.Of(field);

    /// <summary>The printed header of a field in its message; null when none is known (a test keeps there from being any).</summary>
    public static string? HeaderFor(MessageDescriptor type, string field) =>
        QualifiedHeaders.GetValueOrDefault($"{type.Name}.{field}") ?? ColumnNames.Of(field);

    private static string Header(MessageDescriptor type, string field) => HeaderFor(type, field) ?? "（未命名列）";

    // Proto3 `optional string` is how package.proto marks an amount (blank and 0 differ); weights are percentages.
    private static bool IsAmount(FieldDescriptor field) =>
        field.FieldType == FieldType.String && field.HasPresence && !field.Name.Contains("weight", StringComparison.Ordinal);

    private static string? Scalar(FieldDescriptor field, IMessage message)
    {
        if (field.IsRepeated || field.FieldType == FieldType.Message)
        {
            return null;
        }

        if (field.HasPresence && !field.Accessor.HasValue(message))
        {
            return null;
        }

        var value = field.Accessor.GetValue(message);
        return value switch
        {
            string s when s.Length == 0 && !field.HasPresence => null,
            string s => s,
            bool b => b ? "是" : "否",
            Enum e => EnumLabel(field.EnumType.FindValueByNumber(Convert.ToInt32(e, CultureInfo.InvariantCulture))?.Name),
            int n => n == 0 ? null : n.ToString(CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    private static string? EnumLabel(string? name) => name switch
    {
        null => null,
        _ when name.EndsWith("_GOODS", StringComparison.Ordinal) => "货物",
        _ when name.EndsWith("_WORKS", StringComparison.Ordinal) => "工程",
        _ when name.EndsWith("_SERVICES", StringComparison.Ordinal) => "服务",
        _ => null,
    };

    private static string First(Dictionary<string, string?> cells, params string[] names) =>
        names.Select(n => cells.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? string.Empty;
}
