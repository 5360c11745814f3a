using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The contract side of the profiles' column rules: each table key's row message, and a printed cell set into the row's
/// field by the field's JSON name. The words that name a field are data (<see cref="LayoutProfiles"/>); the fields are the
/// contract's, so a profile can name any of them without code.
/// </summary>
internal static class ColumnFields
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

    public static IEnumerable<string> Keys => Rows.Keys;

    public static bool IsTable(string? key) => key is not null && Rows.ContainsKey(key);

    /// <summary>The JSON names of a table's row fields.</summary>
    public static IEnumerable<string> Of(string key) => Rows[key].Fields.InDeclarationOrder().Select(f => f.JsonName);

    public static bool Has(string key, string field) => Rows.TryGetValue(key, out var row) && Find(row, field) is not null;

    /// <summary>Sets a printed cell into a row's field: amounts without thousands separators, a flag from 是/否, text as printed (trimmed).</summary>
    /// <returns>False when the row has no such field or the cell does not fit it (a flag printed otherwise).</returns>
    public static bool Set(IMessage row, string field, string cell)
    {
        if (Find(row.Descriptor, field) is not { } descriptor)
        {
            return false;
        }

        switch (descriptor.FieldType)
        {
            // The contract's optional strings are amounts (unset when blank); the others are text, kept as printed.
            case FieldType.String:
                descriptor.Accessor.SetValue(row, descriptor.HasPresence ? Amounts.Parse(cell) ?? cell : cell.Trim());
                return true;
            case FieldType.Bool when cell.Trim() is "是" or "否":
                descriptor.Accessor.SetValue(row, cell.Trim() == "是");
                return true;
            default:
                return false;
        }
    }

    private static FieldDescriptor? Find(MessageDescriptor row, string field) =>
        row.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == field && f.FieldType is FieldType.String or FieldType.Bool && !f.IsRepeated);
}
