using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The contract side of the profiles' rules: each table key's row message (and, for the two-sided and key/value tables,
/// the table message whose fields their labels and keys name), and a printed cell set into a field by the field's JSON
/// name. The words that name a field are data (<see cref="LayoutProfiles"/>); the fields are the contract's, so a profile
/// can name any of them without code.
/// </summary>
internal static partial class ColumnFields
{
    private static readonly Dictionary<string, MessageDescriptor> Rows = new(StringComparer.Ordinal)
    {
        ["CZ"] = FundSplitRow.Descriptor,
        ["SZ"] = FunctionAmountLine.Descriptor,
        ["GF"] = FunctionExpenditureRow.Descriptor,
        ["JJ"] = FunctionExpenditureRow.Descriptor,
        ["GZ"] = FunctionExpenditureRow.Descriptor,
        ["ZC"] = FunctionExpenditureRow.Descriptor,
        ["JB"] = BasicExpenditureRow.Descriptor,
        ["JBG"] = EconomicAmountRow.Descriptor,
        ["XMJ"] = EconomicAmountRow.Descriptor,
        ["XMG"] = EconomicAmountRow.Descriptor,
        ["SG"] = ThreePublicFigures.Descriptor,
        ["SR"] = IncomeBySourceRow.Descriptor,
        ["XM"] = ProjectRow.Descriptor,
        ["CG"] = ProcurementRow.Descriptor,
        ["ZT"] = Indicator.Descriptor,
        ["XJ"] = Indicator.Descriptor,
    };

    /// <summary>Tables printed in two sides whose lines are named by their labels: their own message.</summary>
    private static readonly Dictionary<string, MessageDescriptor> TwoSided = new(StringComparer.Ordinal)
    {
        ["CZ"] = FiscalFundsOverviewTable.Descriptor,
        ["SZ"] = DepartmentOverviewTable.Descriptor,
    };

    /// <summary>Tables whose fields are named by printed keys above their rows: their own message.</summary>
    private static readonly Dictionary<string, MessageDescriptor> KeyValue = new(StringComparer.Ordinal)
    {
        ["ZT"] = OverallTargetTable.Descriptor,
        ["XJ"] = ProjectTargetTable.Descriptor,
    };

    public static IEnumerable<string> Keys => Rows.Keys;

    public static bool IsTable(string? key) => key is not null && Rows.ContainsKey(key);

    /// <summary>The row message of a table key.</summary>
    public static MessageDescriptor RowOf(string key) => Rows[key];

    /// <summary>The table message whose fields the labels of a two-sided table name, or null.</summary>
    public static MessageDescriptor? SidesOf(string key) => TwoSided.GetValueOrDefault(key);

    /// <summary>The table message whose fields the keys of a key/value table name, or null.</summary>
    public static MessageDescriptor? KeysOf(string key) => KeyValue.GetValueOrDefault(key);

    /// <summary>The JSON names of a table's row fields.</summary>
    public static IEnumerable<string> Of(string key) => Names(Rows[key]);

    public static IEnumerable<string> Names(MessageDescriptor message) => message.Fields.InDeclarationOrder().Select(f => f.JsonName);

    public static bool Has(string key, string field) => Rows.TryGetValue(key, out var row) && Find(row, field) is not null;

    /// <summary>A field by its JSON name, or a dotted path into a message field (`meta.notes`); null when there is none.</summary>
    public static FieldDescriptor? Resolve(MessageDescriptor message, string path)
    {
        var parts = path.Split('.');
        FieldDescriptor? field = null;
        foreach (var part in parts)
        {
            if (field is not null && (field.FieldType != FieldType.Message || field.IsRepeated))
            {
                return null;
            }

            field = (field?.MessageType ?? message).Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == part);
            if (field is null)
            {
                return null;
            }
        }

        return field;
    }

    /// <summary>
    /// Sets a printed cell into a row's field: amounts without thousands separators, a flag from 是/否, an enum value by
    /// the rule's values, text as printed (trimmed unless verbatim), a repeated text appended; `a+b` split (see
    /// <see cref="LayoutProfiles.ColumnRule"/>); a dotted path into the message it names.
    /// </summary>
    /// <returns>False when the row has no such field or the cell does not fit it (a flag or an enum printed otherwise).</returns>
    public static bool Set(IMessage row, string field, string cell, LayoutProfiles.ColumnRule? rule = null)
    {
        if (field.Split('+') is [var whole, var code])
        {
            var (text, number) = Pair(cell);
            return Set(row, whole, text, rule) && (number.Length == 0 || Set(row, code, number, rule));
        }

        var (target, descriptor) = Locate(row, field);
        if (descriptor is null || target is null)
        {
            return false;
        }

        switch (descriptor.FieldType)
        {
            case FieldType.String when descriptor.IsRepeated:
                ((IList<string>)descriptor.Accessor.GetValue(target)).Add(cell.Trim());
                return true;
            // The contract's optional strings are amounts (unset when blank); the others are text, kept as printed.
            case FieldType.String:
                descriptor.Accessor.SetValue(target, descriptor.HasPresence ? Amounts.Parse(cell) ?? cell : rule?.Verbatim == true ? cell : cell.Trim());
                return true;
            case FieldType.Bool when cell.Trim() is "是" or "否":
                descriptor.Accessor.SetValue(target, cell.Trim() == "是");
                return true;
            case FieldType.Enum:
                var name = rule?.Values is { } values ? values.GetValueOrDefault(cell.Trim()) : cell.Trim();
                if (name is null || descriptor.EnumType.FindValueByName(name) is not { } value)
                {
                    return false;
                }

                descriptor.Accessor.SetValue(target, value.Number);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A cell holding text and a code or number: `2010302-一般行政管理事务` (code first, a dash) or `幸娅 68832810` (a number
    /// last, after a space); otherwise all text.
    /// </summary>
    public static (string Text, string Number) Pair(string cell) =>
        CodeFirstPattern().Match(cell) is { Success: true } first ? (first.Groups[2].Value.Trim(), first.Groups[1].Value)
        : NumberLastPattern().Match(cell.Trim()) is { Success: true } last ? (last.Groups[1].Value, last.Groups[2].Value)
        : (cell.Trim(), string.Empty);

    private static (IMessage? Target, FieldDescriptor? Field) Locate(IMessage row, string path)
    {
        var parts = path.Split('.');
        var target = row;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var step = target.Descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == parts[i] && f.FieldType == FieldType.Message && !f.IsRepeated);
            if (step is null)
            {
                return (null, null);
            }

            if (step.Accessor.GetValue(target) is not IMessage inner)
            {
                inner = (IMessage)Activator.CreateInstance(step.MessageType.ClrType)!;
                step.Accessor.SetValue(target, inner);
            }

            target = inner;
        }

        return (target, Find(target.Descriptor, parts[^1]));
    }

    private static FieldDescriptor? Find(MessageDescriptor row, string field) =>
        row.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == field
            && (f.FieldType is FieldType.String or FieldType.Bool or FieldType.Enum && !f.IsRepeated || f.FieldType == FieldType.String && f.IsRepeated));

    /// <summary>Whether a field (or each part of `a+b`) is one a cell can be set into, and of which kind.</summary>
    public static FieldDescriptor? Settable(MessageDescriptor message, string path)
    {
        var parts = path.Split('.');
        var owner = parts.Length == 1 ? message : Resolve(message, string.Join('.', parts[..^1]))?.MessageType;
        return owner is null ? null : Find(owner, parts[^1]);
    }

    [GeneratedRegex(@"^\s*([0-9A-Za-z]{3,})\s*[-－]\s*(\S.*)$")]
    private static partial Regex CodeFirstPattern();

    [GeneratedRegex(@"^(\S+)\s+([\d\-]+)$")]
    private static partial Regex NumberLastPattern();
}
