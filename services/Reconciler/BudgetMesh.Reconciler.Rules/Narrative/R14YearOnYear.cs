using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R14: year-on-year statements recomputed from the tables.</summary>
internal static class R14YearOnYear
{
    // R14: year-on-year statements recomputed from the figures the sentence states (an item's "执行数X…预算安排Y…
    // 增加Z%"), else from GF's prior-year column at the row the statement names.
    public static void Check(NarrativeRun run)
    {
        var notChecked = (Amounts: 0, Percents: 0);
        var reportedChanges = new HashSet<(int Sentence, string Expected, string Actual)>();
        var wrongDirections = new HashSet<(Figure Prior, Figure Current)>();
        var figures = run.Figures;
        for (var i = 0; i < figures.Count; i++)
        {
            var figure = figures[i];
            if (figure.Role != FigureRole.Change || figure.Quantity is null || figure.Quantity.CheckedElsewhere)
            {
                continue;
            }

            if (R14StatedFigures.TryCheck(run, i, wrongDirections))
            {
                continue;
            }

            // "比上年执行数增加…" without the execution figure: GF's prior-year column is a budget, not an execution.
            var current = figure.AgainstActual ? null : run.Facts.Find(figure.Quantity).Cell;
            var prior = current is null ? null : run.Facts.Prior(figure.Quantity, current);
            if (current is not null && prior is null && figure.Unit == FigureUnit.Percent && run.Facts.PriorIsZero(figure.Quantity))
            {
                ZeroBase(run, figure, "一般公共预算财政拨款支出预算表该科目上年数为空", [Format.At(figure.Sentence), current.ToLocation()]);
                continue;
            }

            if (current is null || prior is null || !current.Amount.IsNumber || !prior.Amount.IsNumber)
            {
                if (figure.Unit == FigureUnit.Percent)
                {
                    notChecked.Percents++;
                }
                else
                {
                    notChecked.Amounts++;
                }

                continue;
            }

            var unit = run.TableUnit(current);
            var priorValue = Units.Convert(prior.Amount.Value, run.TableUnit(prior), unit);
            var change = current.Amount.Value - priorValue;
            var locations = new[] { Format.At(figure.Sentence), current.ToLocation(), prior.ToLocation() };
            if (figure.Unit == FigureUnit.Percent)
            {
                CheckPercentChange(run, figure, priorValue, change, locations, unit);
            }
            else
            {
                CheckAmountChange(run, reportedChanges, figure, change, locations, unit, current, prior);
            }
        }

        R14StatedFigures.CheckFlat(run);
        // A statement nobody could check is not a pass: the rule asks for a review, with the count.
        Unchecked(run, NarrativeChecks.YoyAmount, notChecked.Amounts, "增减额");
        Unchecked(run, NarrativeChecks.YoyPercent, notChecked.Percents, "增减百分比");
    }

    private static void Unchecked(NarrativeRun run, string ruleId, int count, string what)
    {
        if (count == 0)
        {
            return;
        }

        run.Rules[ruleId].Review(new Finding
        {
            Severity = Severity.Info,
            Message = $"情况说明有{count}处同比{what}表述无法复核（一般公共预算财政拨款支出预算表未列上年数，或该项目无上年数，句中也未列上年数）",
            Locations = { new Location { Table = TableKey.Nar, RowIndex = -1 } },
        });
        run.Rules[NarrativeChecks.YoyDirection].Note($"情况说明有{count}处同比{what}表述无法复核增减方向");
    }

    /// <summary>A growth rate from a zero or blank base (W): it means nothing, whatever its value.</summary>
    public static void ZeroBase(NarrativeRun run, Figure figure, string why, Location[] locations)
    {
        var word = figure.Direction < 0 ? "下降" : "增长";
        run.Rules[NarrativeChecks.YoyZeroBase].Fail(new Finding
        {
            Severity = Severity.Warning,
            Message = $"情况说明称{run.Describe(figure.Quantity!)}{word}{figure.Text}，但{why}，以零为基数的增长率无意义",
            Locations = { locations },
            Actual = figure.Printed,
            Unit = "%",
        });
    }

    private static void CheckAmountChange(NarrativeRun run, HashSet<(int Sentence, string Expected, string Actual)> reportedChanges, Figure figure, decimal change, Location[] locations, AmountUnit unit, TableCell current, TableCell prior)
    {
        var stated = NarrativeRun.ToUnit(figure, unit);
        // A change is the difference of two printed figures: allow each its half-cent on top of the narrative's.
        var tolerance = Math.Max(Math.Max(Units.NarrativeTolerance(unit), Units.RoundingEnvelope(2)), NarrativeRun.FigureHalf(figure, unit));
        var what = run.Describe(figure.Quantity!);
        var word = figure.Direction < 0 ? "减少" : "增加";
        var actualWord = change < 0 ? "减少" : "增加";
        if (Math.Abs(change) > tolerance && Math.Sign(change) != figure.Direction)
        {
            run.Rules[NarrativeChecks.YoyDirection].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{what}{word}{figure.Text}，但按{prior.Name}{Format.Amount(prior.Amount.Value)}{Units.Name(unit)}与{current.Name}{Format.Amount(current.Amount.Value)}{Units.Name(unit)}计算为{actualWord}{Format.Amount(Math.Abs(change))}{Units.Name(unit)}，增减方向不符",
                Locations = { locations },
                Expected = actualWord,
                Actual = word,
            });
        }
        else
        {
            run.Rules[NarrativeChecks.YoyDirection].Checked();
        }

        var difference = stated - Math.Abs(change);
        if (Math.Abs(difference) <= tolerance)
        {
            run.Rules[NarrativeChecks.YoyAmount].Checked();
            return;
        }

        run.Contradicted.Add(figure);
        // "收入较上年增加X，主要是一般公共预算拨款增加X" repeats one number about one table figure: report it once.
        if (!reportedChanges.Add((figure.Sentence.Index, Format.Amount(Math.Abs(change)), Format.Amount(stated))))
        {
            return;
        }

        run.Rules[NarrativeChecks.YoyAmount].Fail(new Finding
        {
            Severity = Severity.Error,
            Message = $"情况说明称{what}较上年{word}{figure.Text}，但{current.Name}{Format.Amount(current.Amount.Value)}{Units.Name(unit)}减{prior.Name}{Format.Amount(prior.Amount.Value)}{Units.Name(unit)}应为{actualWord}{Format.Amount(Math.Abs(change))}{Units.Name(unit)}，差额{Format.Amount(difference)}{Units.Name(unit)}",
            Locations = { locations },
            Expected = Format.Amount(Math.Abs(change)),
            Actual = Format.Amount(stated),
            Difference = Format.Amount(difference),
            Tolerance = Format.Amount(tolerance),
            Unit = Units.Name(unit),
        });
    }

    private static void CheckPercentChange(NarrativeRun run, Figure figure, decimal priorValue, decimal change, Location[] locations, AmountUnit unit)
    {
        // The table's cells are printed to 0.01 of their unit; the percentage to its own last digit.
        var tolerance = NarrativeRun.PercentEnvelope(figure.HalfUnit, priorValue, priorValue + change, 0.005m, 0.005m);
        var what = run.Describe(figure.Quantity!);
        if (priorValue == 0)
        {
            ZeroBase(run, figure, "上年数为0", locations);
            return;
        }

        run.Rules[NarrativeChecks.YoyZeroBase].Checked();
        var expected = change / priorValue * 100m;
        var word = figure.Direction < 0 ? "下降" : "增长";
        var actualWord = change < 0 ? "下降" : "增长";
        if (Math.Abs(change) > Units.NarrativeTolerance(unit) && Math.Sign(change) != figure.Direction)
        {
            run.Rules[NarrativeChecks.YoyDirection].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{what}{word}{figure.Text}，按上年数计算为{actualWord}{Format.Percent(Math.Abs(expected))}%，增减方向不符",
                Locations = { locations },
                Expected = actualWord,
                Actual = word,
            });
        }

        var difference = figure.Value - Math.Abs(expected);
        if (Math.Abs(difference) <= tolerance)
        {
            run.Rules[NarrativeChecks.YoyPercent].Checked();
            return;
        }

        run.Rules[NarrativeChecks.YoyPercent].Fail(new Finding
        {
            Severity = Severity.Error,
            Message = $"情况说明称{what}{word}{figure.Text}，按上年数计算应为{actualWord}{Format.Percent(Math.Abs(expected))}%，相差{Format.Percent(difference)}个百分点",
            Locations = { locations },
            Expected = Format.Percent(Math.Abs(expected)),
            Actual = figure.Printed,
            Difference = Format.Percent(difference),
            Tolerance = Format.Tolerance(tolerance),
            Unit = "%",
        });
    }
}
