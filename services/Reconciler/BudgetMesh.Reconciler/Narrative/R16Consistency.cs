using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R16: the same quantity stated twice agrees, and stated shares recompute.</summary>
internal static class R16Consistency
{
    // R16: the same quantity stated twice has the same value. Figures already contradicted by their table
    // are left out: R13/R14/R15 already ask for them to be fixed.
    public static void CheckConsistency(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.ConsistentFigures];
        var candidates = run.Figures.Where(f =>
            f.Quantity is not null
            && f.Quantity.Kind is not QuantityKind.ThreePublic
            && f.Role is FigureRole.Value or FigureRole.Change
            && !run.Contradicted.Contains(f));
        foreach (var group in candidates.GroupBy(f => (f.Quantity!, f.Role, f.Unit == FigureUnit.Percent, f.Unit == FigureUnit.Vehicles)))
        {
            var list = group.ToList();
            if (list.Count < 2)
            {
                continue;
            }

            var first = list[0];
            foreach (var other in list.Skip(1))
            {
                var a = Signed(first);
                var b = Signed(other);
                var tolerance = first.IsMoney ? Units.NarrativeTolerance(AmountUnit.TenThousandYuan) : first.Unit == FigureUnit.Percent ? 0.1m : 0m;
                if (Math.Abs(a - b) <= tolerance)
                {
                    rule.Checked();
                    continue;
                }

                var unit = first.IsMoney ? "万元" : first.UnitText;
                rule.Fail(new Finding
                {
                    Severity = Severity.Error,
                    Message = $"情况说明两处所述{first.Quantity!.Describe()}{(first.Role == FigureRole.Change ? "增减额" : string.Empty)}不一致：{first.Label}{first.Text}与{other.Label}{other.Text}",
                    Locations = { Format.At(first.Sentence), Format.At(other.Sentence) },
                    Expected = Format.Amount(a),
                    Actual = Format.Amount(b),
                    Difference = Format.Amount(b - a),
                    Tolerance = Format.Amount(tolerance),
                    Unit = unit,
                });
            }
        }
    }

    private static decimal Signed(Figure figure)
    {
        var value = figure.IsMoney ? figure.InTenThousand : figure.Value;
        return figure.Role == FigureRole.Change ? value * (figure.Direction ?? 1) : value;
    }

    // R16 shares: "占…%" recomputed from the figure it follows and the whole it names (or the sentence's first amount).
    public static void CheckShares(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.Shares];
        foreach (var share in run.Figures.Where(f => f.Role == FigureRole.Share && f.ShareOf is not null))
        {
            decimal? whole = null;
            var wholeName = string.Empty;
            if (share.ShareBase is not null && run.Facts.Find(share.ShareBase).Cell is { } cell && cell.Amount.IsNumber)
            {
                whole = Units.Convert(cell.Amount.Value, run.TableUnit(cell), AmountUnit.TenThousandYuan);
                wholeName = cell.Name;
            }
            else if (share.ShareBaseFigure is not null)
            {
                whole = share.ShareBaseFigure.InTenThousand;
                wholeName = share.ShareBaseFigure.Label + share.ShareBaseFigure.Text;
            }

            if (whole is null or 0)
            {
                rule.Review(new Finding
                {
                    Severity = Severity.Warning,
                    Message = $"情况说明所述占比{share.Text}无法确定其基数，未能复核：{Format.Quote(share.Sentence)}",
                    Locations = { Format.At(share.Sentence) },
                    Actual = share.Printed,
                    Unit = "%",
                });
                continue;
            }

            var expected = share.ShareOf!.InTenThousand / whole.Value * 100m;
            var difference = share.Value - expected;
            if (Math.Abs(difference) <= 0.1m)
            {
                rule.Checked();
                continue;
            }

            rule.Fail(new Finding
            {
                Severity = Severity.Warning,
                Message = $"情况说明所述{share.ShareOf.Label}{share.ShareOf.Text}占比{share.Text}，按{wholeName}计算应为{Format.Percent(expected)}%",
                Locations = { Format.At(share.Sentence) },
                Expected = Format.Percent(expected),
                Actual = share.Printed,
                Difference = Format.Percent(difference),
                Tolerance = "0.1",
                Unit = "%",
            });
        }
    }
}
