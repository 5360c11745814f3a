using BudgetMesh.ThreePublicExpenses.Rules;
using Budget = BudgetMesh.Contracts.Budget.V1;
using V1 = BudgetMesh.Contracts.ThreePublic.V1;

namespace BudgetMesh.ThreePublicExpenses;

/// <summary>The 三公 check request onto the rules' inputs, and recorded figures back; no decisions here (results are the report's own model).</summary>
internal static class ProtoMapping
{
    public static AmountUnit? Unit(Budget.AmountUnit unit) => unit switch
    {
        Budget.AmountUnit.Yuan => AmountUnit.Yuan,
        Budget.AmountUnit.TenThousandYuan => AmountUnit.TenThousandYuan,
        _ => null,
    };

    public static CheckInput ToInput(V1.CheckThreePublicRequest request, AmountUnit packageUnit, ThreePublicAmounts? recordedPrior) => new(
        request.BudgetYear,
        request.Table is { } table ? ToTable(table, packageUnit) : null,
        request.BasicExpenditure is { } basic ? ToBasic(basic, packageUnit) : null,
        request.Narrative?.Text ?? string.Empty,
        packageUnit,
        recordedPrior);

    public static ThreePublicTable ToTable(Budget.ThreePublicExpensesTable table, AmountUnit packageUnit) => new(
        Unit(table.Meta?.Unit ?? Budget.AmountUnit.Unspecified) ?? packageUnit,
        table.Meta?.State == Budget.TableState.DeclaredEmpty,
        ToCells(table.CurrentYear),
        table.PriorYear is { } prior ? ToCells(prior) : null);

    private static ThreePublicCells ToCells(Budget.ThreePublicFigures? figures) => figures is null
        ? new ThreePublicCells(Cell.Blank, Cell.Blank, Cell.Blank, Cell.Blank, Cell.Blank, Cell.Blank)
        : new ThreePublicCells(
            new Cell(figures.HasTotal ? figures.Total : null),
            new Cell(figures.HasOutboundTravel ? figures.OutboundTravel : null),
            new Cell(figures.HasVehiclesSubtotal ? figures.VehiclesSubtotal : null),
            new Cell(figures.HasVehiclePurchase ? figures.VehiclePurchase : null),
            new Cell(figures.HasVehicleOperation ? figures.VehicleOperation : null),
            new Cell(figures.HasReception ? figures.Reception : null));

    private static BasicExpenditure ToBasic(Budget.BasicExpenditureTable table, AmountUnit packageUnit) => new(
        Unit(table.Meta?.Unit ?? Budget.AmountUnit.Unspecified) ?? packageUnit,
        [.. table.Rows.Select((row, index) => new BasicExpenditureLine(row.Code, row.Name, new Cell(row.HasTotal ? row.Total : null), index))]);

    public static Budget.ThreePublicFigures ToFigures(ThreePublicAmounts amounts) => new()
    {
        Total = Units.Format(amounts.Total),
        OutboundTravel = Units.Format(amounts.OutboundTravel),
        VehiclesSubtotal = Units.Format(amounts.VehiclesSubtotal),
        VehiclePurchase = Units.Format(amounts.VehiclePurchase),
        VehicleOperation = Units.Format(amounts.VehicleOperation),
        Reception = Units.Format(amounts.Reception),
    };
}
