namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>The six figures of the 三公 table and the narrative.</summary>
internal enum ThreePublicItem
{
    Total,
    OutboundTravel,
    VehiclesSubtotal,
    VehiclePurchase,
    VehicleOperation,
    Reception,
}

internal static class ThreePublicItems
{
    /// <summary>The items the narrative must state one by one (the subtotal may be left to 购置 and 运行).</summary>
    public static readonly ThreePublicItem[] MustBeStated =
    [
        ThreePublicItem.Total,
        ThreePublicItem.OutboundTravel,
        ThreePublicItem.Reception,
        ThreePublicItem.VehicleOperation,
        ThreePublicItem.VehiclePurchase,
    ];

    public static readonly ThreePublicItem[] All =
    [
        ThreePublicItem.Total,
        ThreePublicItem.OutboundTravel,
        ThreePublicItem.VehiclesSubtotal,
        ThreePublicItem.VehiclePurchase,
        ThreePublicItem.VehicleOperation,
        ThreePublicItem.Reception,
    ];

    public static string Name(ThreePublicItem item) => item switch
    {
        ThreePublicItem.Total => "“三公”经费合计",
        ThreePublicItem.OutboundTravel => "因公出国（境）费",
        ThreePublicItem.VehiclesSubtotal => "公务用车购置及运行维护费",
        ThreePublicItem.VehiclePurchase => "公务用车购置费",
        ThreePublicItem.VehicleOperation => "公务用车运行维护费",
        _ => "公务接待费",
    };

    /// <summary>The SG column as the proto names it, for locations.</summary>
    public static string Column(ThreePublicItem item) => item switch
    {
        ThreePublicItem.Total => "total",
        ThreePublicItem.OutboundTravel => "outbound_travel",
        ThreePublicItem.VehiclesSubtotal => "vehicles_subtotal",
        ThreePublicItem.VehiclePurchase => "vehicle_purchase",
        ThreePublicItem.VehicleOperation => "vehicle_operation",
        _ => "reception",
    };
}

/// <summary>The six cells of one year of the 三公 table, as printed.</summary>
internal sealed record ThreePublicCells(Cell Total, Cell OutboundTravel, Cell VehiclesSubtotal, Cell VehiclePurchase, Cell VehicleOperation, Cell Reception)
{
    public Cell this[ThreePublicItem item] => item switch
    {
        ThreePublicItem.Total => Total,
        ThreePublicItem.OutboundTravel => OutboundTravel,
        ThreePublicItem.VehiclesSubtotal => VehiclesSubtotal,
        ThreePublicItem.VehiclePurchase => VehiclePurchase,
        ThreePublicItem.VehicleOperation => VehicleOperation,
        _ => Reception,
    };

    /// <summary>
    /// The figures with blanks read as 0 (a blank 三公 cell means nothing budgeted), or null when a cell
    /// does not print a number.
    /// </summary>
    public ThreePublicAmounts? ToAmounts(AmountUnit unit)
    {
        var values = ThreePublicItems.All.Select(i => this[i].ValueOrZeroWhenBlank).ToArray();
        if (values.Any(v => v is null))
        {
            return null;
        }

        decimal W(int i) => Units.ToTenThousand(values[i]!.Value, unit);
        return new ThreePublicAmounts(W(0), W(1), W(2), W(3), W(4), W(5));
    }
}

/// <summary>Exact 三公 figures in 万元 (what the district view records and compares).</summary>
internal sealed record ThreePublicAmounts(decimal Total, decimal OutboundTravel, decimal VehiclesSubtotal, decimal VehiclePurchase, decimal VehicleOperation, decimal Reception)
{
    public static readonly ThreePublicAmounts Zero = new(0, 0, 0, 0, 0, 0);

    public decimal this[ThreePublicItem item] => item switch
    {
        ThreePublicItem.Total => Total,
        ThreePublicItem.OutboundTravel => OutboundTravel,
        ThreePublicItem.VehiclesSubtotal => VehiclesSubtotal,
        ThreePublicItem.VehiclePurchase => VehiclePurchase,
        ThreePublicItem.VehicleOperation => VehicleOperation,
        _ => Reception,
    };

    public ThreePublicAmounts Plus(ThreePublicAmounts other) => new(
        Total + other.Total,
        OutboundTravel + other.OutboundTravel,
        VehiclesSubtotal + other.VehiclesSubtotal,
        VehiclePurchase + other.VehiclePurchase,
        VehicleOperation + other.VehicleOperation,
        Reception + other.Reception);
}

/// <summary>SG 一般公共预算“三公”经费支出表.</summary>
internal sealed record ThreePublicTable(AmountUnit Unit, bool DeclaredEmpty, ThreePublicCells Current, ThreePublicCells? Prior);

/// <summary>One JB row: its economic code and name, the printed 合计 cell and where it is printed.</summary>
internal sealed record BasicExpenditureLine(string Code, string Name, Cell Total, int RowIndex);

/// <summary>JB 基本支出预算表（部门经济分类）.</summary>
internal sealed record BasicExpenditure(AmountUnit Unit, IReadOnlyList<BasicExpenditureLine> Lines);

/// <summary>
/// Everything T1–T5 look at. <paramref name="RecordedPrior"/> is the department's counted figures of the
/// prior budget year (万元) when the service has them; the table's own prior-year column wins over it.
/// </summary>
internal sealed record CheckInput(
    int BudgetYear,
    ThreePublicTable? Table,
    BasicExpenditure? Basic,
    string Narrative,
    AmountUnit PackageUnit,
    ThreePublicAmounts? RecordedPrior = null);
