using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// R15: 机关运行经费 against the table that prints it — the 三公 table's 机关运行经费 column where the region prints it
/// there (Shanghai's "三公"经费和机关运行经费预算表: same figure, no 口径 difference to excuse), else JB's 日常公用经费.
/// </summary>
internal static class R15AgencyOperating
{
    // R15: 机关运行经费 = JB 日常公用经费 for 行政/参公 units; a department with 事业单位 may differ.
    public static void Check(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.AgencyOperating];
        var printedInSg = SgCell(run.Package);
        var mixed = printedInSg is null && run.Package.Header?.UnitKind is UnitKind.DepartmentConsolidated or UnitKind.PublicInstitution;
        foreach (var figure in run.Figures.Where(f => f.Role == FigureRole.Value && f.IsMoney && f.Quantity?.Kind == QuantityKind.AgencyOperating))
        {
            var cell = printedInSg ?? run.Facts.Find(figure.Quantity!).Cell;
            if (cell is null || cell.Amount.IsUnparseable)
            {
                rule.Review(new Finding
                {
                    Severity = Severity.Info,
                    Message = cell is null
                        ? $"情况说明所述机关运行经费{figure.Text}无法核对：未公开一般公共预算财政拨款基本支出预算表"
                        : $"{cell.Name}单元格{cell.Amount}不是数字，无法核对机关运行经费{figure.Text}",
                    Locations = { Format.At(figure.Sentence) },
                    Actual = figure.Printed,
                });
                continue;
            }

            var unit = run.TableUnit(cell);
            var actual = NarrativeRun.ToUnit(figure, unit);
            var expected = cell.Amount.ValueOrZero ?? 0m;
            var tolerance = NarrativeRun.Tolerance(figure, unit);
            var difference = actual - expected;
            if (Math.Abs(difference) <= tolerance)
            {
                rule.Checked();
                continue;
            }

            run.Contradicted.Add(figure);
            rule.Fail(new Finding
            {
                Severity = mixed ? Severity.Info : Severity.Warning,
                Message = $"情况说明所述机关运行经费{figure.Text}与{cell.Name}{Format.Amount(expected)}{Units.Name(unit)}不符，差额{Format.Amount(difference)}{Units.Name(unit)}"
                    + (mixed ? "（本部门含事业单位，机关运行经费口径可能与日常公用经费不同）" : string.Empty),
                Locations = { Format.At(figure.Sentence), cell.ToLocation() },
                Expected = Format.Amount(expected),
                Actual = Format.Amount(actual),
                Difference = Format.Amount(difference),
                Tolerance = Format.Amount(tolerance),
                Unit = Units.Name(unit),
            });
        }
    }

    /// <summary>The 三公 table's 机关运行经费 cell, when the package prints one there.</summary>
    internal static TableCell? SgCell(BudgetPackage package)
    {
        var sg = package.Tables?.Sg;
        if (sg?.CurrentYear is not { HasAgencyOperating: true } figures)
        {
            return null;
        }

        return new TableCell(TableKey.Sg, string.Empty, "agency_operating", -1, Amount.Parse(figures.AgencyOperating), sg.Meta?.Unit ?? AmountUnit.Unspecified, "“三公”经费和机关运行经费预算表 机关运行经费");
    }
}
