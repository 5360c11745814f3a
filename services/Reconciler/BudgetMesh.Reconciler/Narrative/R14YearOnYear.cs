using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R14: year-on-year statements recomputed from the tables.</summary>
internal static class R14YearOnYear
{
    // R14: year-on-year statements recomputed from GF's prior-year column.
    public static void Check(NarrativeRun run)
    {
        var notRecomputable = 0;
        var reportedChanges = new HashSet<(int Sentence, string Expected, string Actual)>();
        foreach (var figure in run.Figures.Where(f => f.Role == FigureRole.Change && f.Quantity is not null && !f.Quantity.CheckedElsewhere))
        {
            var current = run.Facts.Find(figure.Quantity!).Cell;
            var prior = current is null ? null : run.Facts.Prior(figure.Quantity!, current);
            if (current is null || prior is null || !current.Amount.IsNumber || !prior.Amount.IsNumber)
            {
                notRecomputable++;
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

        if (notRecomputable > 0)
        {
            var note = $"情况说明有{notRecomputable}处同比增减表述无法复核（一般公共预算财政拨款支出预算表未列上年数，或该项目无上年数）";
            run.Rules[NarrativeChecks.YoyAmount].Note(note);
            run.Rules[NarrativeChecks.YoyDirection].Note(note);
        }
    }

    private static void CheckAmountChange(NarrativeRun run, HashSet<(int Sentence, string Expected, string Actual)> reportedChanges, Figure figure, decimal change, Location[] locations, AmountUnit unit, TableCell current, TableCell prior)
    {
        var stated = NarrativeRun.ToUnit(figure, unit);
        // A change is the difference of two printed figures: allow each its half-cent on top of the narrative's.
        var tolerance = Math.Max(Units.NarrativeTolerance(unit), Units.RoundingEnvelope(2));
        var what = figure.Quantity!.Describe();
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
        var what = figure.Quantity!.Describe();
        if (priorValue == 0)
        {
            run.Rules[NarrativeChecks.YoyZeroBase].Fail(new Finding
            {
                Severity = Severity.Warning,
                Message = $"情况说明称{what}增长{figure.Text}，但上年数为0，增长率无意义",
                Locations = { locations },
                Actual = figure.Printed,
                Unit = "%",
            });
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
        if (Math.Abs(difference) <= 0.1m)
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
            Tolerance = "0.1",
            Unit = "%",
        });
    }
}
