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
        // A change against the prior year's execution and one against its budget are two indicators.
        foreach (var group in candidates.GroupBy(f => (f.Quantity!, f.Role, f.Unit == FigureUnit.Percent, f.Unit == FigureUnit.Vehicles, f.AgainstActual)))
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
                // Two printings of one figure agree to the coarser one's last digit ("208.8" and "208.80" are one value).
                var tolerance = first.IsMoney
                    ? Math.Max(Units.NarrativeTolerance(AmountUnit.TenThousandYuan), Math.Max(NarrativeRun.FigureHalf(first, AmountUnit.TenThousandYuan), NarrativeRun.FigureHalf(other, AmountUnit.TenThousandYuan)))
                    : first.Unit == FigureUnit.Percent ? Math.Max(0.1m, Math.Max(first.HalfUnit, other.HalfUnit)) : 0m;
                if (Math.Abs(a - b) <= tolerance)
                {
                    rule.Checked();
                    continue;
                }

                var unit = first.IsMoney ? "万元" : first.UnitText;
                rule.Fail(new Finding
                {
                    Severity = Severity.Error,
                    Message = $"情况说明两处所述{run.Describe(first.Quantity!)}{(first.Role == FigureRole.Change ? "增减额" : string.Empty)}不一致：{first.Label}{first.Text}与{other.Label}{other.Text}",
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
            else if (share.ShareBaseFigure is not null && !IsPart(run.Figures, share.ShareBaseFigure))
            {
                whole = share.ShareBaseFigure.InTenThousand;
                wholeName = share.ShareBaseFigure.Label + share.ShareBaseFigure.Text;
            }
            else if (WholeOfParts(run.Figures, share) is { } parts)
            {
                // "基本支出X万元，占51.3%；项目支出Y万元，占48.7%": the first amount is a part, not the whole; the
                // parts whose shares make 100 % are the whole.
                whole = parts;
                wholeName = "所列各项之和";
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

    // A figure whose own share the sentence states is a part.
    private static bool IsPart(IReadOnlyList<Figure> figures, Figure figure)
    {
        foreach (var f in figures)
        {
            if (f.Role == FigureRole.Share && f.Sentence == figure.Sentence && ReferenceEquals(f.ShareOf, figure))
            {
                return true;
            }
        }

        return false;
    }

    // The sum of the parts of the share's sentence when their stated shares make 100 % (each to its printed digit).
    private static decimal? WholeOfParts(IReadOnlyList<Figure> figures, Figure share)
    {
        decimal sum = 0m, percent = 0m, slack = 0m;
        foreach (var f in figures)
        {
            if (f.Role == FigureRole.Share && f.Sentence == share.Sentence && f.ShareOf is not null)
            {
                sum += f.ShareOf.InTenThousand;
                percent += f.Value;
                slack += Math.Max(f.HalfUnit, 0.05m);
            }
        }

        return sum > 0 && Math.Abs(percent - 100m) <= slack ? sum : null;
    }
}
