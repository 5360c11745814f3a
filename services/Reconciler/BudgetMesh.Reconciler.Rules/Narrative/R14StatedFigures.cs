using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// R14 from the figures a sentence states itself: the base of the comparison and the budget year's figure, whatever
/// the years, words and unit — "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%"
/// (上海普陀), "住房公积金（项）2024年预算数900,000.00元，2025年预算数927,800.00元，比上年增加27,800.00元，增长3.1%" and
/// "支出21,328,312.34元，比上年预算数36,892,800.00元减少15,564,487.66元，下降42.2%" (渝北). Amount, percentage and
/// direction word are recomputed from the two stated figures, each known only to its printed precision.
/// </summary>
internal static class R14StatedFigures
{
    /// <summary>
    /// Checks the change at <paramref name="index"/> when its paragraph states the base; false otherwise. A wrong
    /// direction is reported once per pair of stated figures (<paramref name="wrongDirections"/>), though the
    /// sentence states both the amount and the rate of the change.
    /// </summary>
    public static bool TryCheck(NarrativeRun run, int index, HashSet<(Figure Prior, Figure Current)> wrongDirections)
    {
        var figures = run.Figures;
        var change = figures[index];
        if (Stated(figures, index, change) is not { Current: not null } found)
        {
            return false;
        }

        var (prior, current, heading) = (found.Prior, found.Current, found.Heading);

        // Amounts are recomputed in the unit the change is printed in (元 to the 分 stays 元); a rate in 万元.
        var unit = change.IsMoney ? change.Unit : FigureUnit.TenThousandYuan;
        var delta = In(current, unit) - In(prior, unit);
        var amountHalf = Half(prior, unit) + Half(current, unit);
        var location = Format.At(change.Sentence);
        var what = run.Describe(change.Quantity!);
        var baseName = BaseName(prior);
        var basis = $"{baseName}{prior.Text}、预算安排{current.Text}";
        if (change.Unit == FigureUnit.Percent && prior.Value == 0)
        {
            R14YearOnYear.ZeroBase(run, change, $"所述{baseName}为{prior.Text}", [location]);
            return true;
        }

        // The direction words of the sentence's own register: "增长/下降" for rates so printed, else "增加/减少".
        var words = GrowthWords(change.Label) ? ("增长", "下降") : ("增加", "减少");
        var word = change.Direction < 0 ? words.Item2 : words.Item1;
        var actualWord = delta < 0 ? words.Item2 : words.Item1;
        var directionWrong = Math.Abs(delta) > amountHalf && Math.Sign(delta) != change.Direction;
        if (directionWrong && wrongDirections.Add((prior, current)))
        {
            run.Rules[NarrativeChecks.YoyDirection].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{what}比{baseName}{word}{change.Text}，但按其所述{basis}计算为{actualWord}，增减方向不符",
                Locations = { location },
                Expected = actualWord,
                Actual = word,
            });
        }
        else if (!directionWrong)
        {
            run.Rules[NarrativeChecks.YoyDirection].Checked();
        }

        if (change.Unit == FigureUnit.Percent)
        {
            run.Rules[NarrativeChecks.YoyZeroBase].Checked();
            var expected = Math.Abs(delta / In(prior, unit) * 100m);
            var tolerance = NarrativeRun.PercentEnvelope(change.HalfUnit, In(prior, unit), In(current, unit), Half(prior, unit), Half(current, unit));
            var difference = change.Value - expected;
            // The budget figure stated twice with two values: R16/R13 name the wrong one; a percentage that agrees
            // with the item's first statement is not a second error.
            if (Math.Abs(difference) <= tolerance || (heading is not null && heading != current && Agrees(change, prior, heading)))
            {
                run.Rules[NarrativeChecks.YoyPercent].Checked();
                return true;
            }

            run.Contradicted.Add(change);
            run.Rules[NarrativeChecks.YoyPercent].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{what}比{baseName}{word}{change.Text}，按其所述{basis}计算应为{actualWord}{Format.Percent(expected)}%，相差{Format.Percent(difference)}个百分点",
                Locations = { location },
                Expected = Format.Percent(expected),
                Actual = change.Printed,
                Difference = Format.Percent(difference),
                Tolerance = Format.Tolerance(tolerance),
                Unit = "%",
            });
            return true;
        }

        var amountTolerance = amountHalf + change.HalfUnit;
        var amountDifference = change.Value - Math.Abs(delta);
        if (Math.Abs(amountDifference) <= amountTolerance)
        {
            run.Rules[NarrativeChecks.YoyAmount].Checked();
            return true;
        }

        run.Contradicted.Add(change);
        run.Rules[NarrativeChecks.YoyAmount].Fail(new Finding
        {
            Severity = Severity.Error,
            Message = $"情况说明称{what}比{baseName}{word}{change.Text}，按其所述{basis}计算应为{actualWord}{Format.Amount(Math.Abs(delta))}{change.UnitText}，差额{Format.Amount(amountDifference)}{change.UnitText}",
            Locations = { location },
            Expected = Format.Amount(Math.Abs(delta)),
            Actual = Format.Amount(change.Value),
            Difference = Format.Amount(amountDifference),
            Tolerance = Format.Tolerance(amountTolerance),
            Unit = change.UnitText,
        });
        return true;
    }

    /// <summary>"…执行数为X万元，…预算安排Y万元，比…执行数持平" (or 上年预算数…与上年持平): 持平 recomputed from the two figures (direction, E).</summary>
    public static void CheckFlat(NarrativeRun run)
    {
        var figures = run.Figures;
        for (var i = 1; i < figures.Count; i++)
        {
            var current = figures[i];
            var prior = figures[i - 1];
            if (current.Role != FigureRole.Value || prior.Role != FigureRole.Value || !ReferenceEquals(current.Sentence, prior.Sentence)
                || current.Quantity is not { StatedOnly: false } quantity || !IsBase(prior.Quantity)
                || prior.Quantity!.Detail != quantity.Detail || prior.Quantity.Kind != quantity.Kind
                || (i + 1 < figures.Count && ReferenceEquals(figures[i + 1].Sentence, current.Sentence) && figures[i + 1].Role == FigureRole.Change))
            {
                continue;
            }

            var norm = current.Sentence.Norm;
            var after = current.Start + current.Length;
            var flat = norm.IndexOf("持平", after, StringComparison.Ordinal);
            if (flat < 0)
            {
                continue;
            }

            var unit = current.Unit == prior.Unit ? current.Unit : FigureUnit.TenThousandYuan;
            var delta = In(current, unit) - In(prior, unit);
            if (Math.Abs(delta) <= Half(prior, unit) + Half(current, unit))
            {
                run.Rules[NarrativeChecks.YoyDirection].Checked();
                continue;
            }

            var actualWord = delta < 0 ? "减少" : "增加";
            var baseName = BaseName(prior);
            run.Rules[NarrativeChecks.YoyDirection].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{run.Describe(quantity)}比{baseName}持平，但其所述{baseName}{prior.Text}、预算安排{current.Text}，实为{actualWord}{Format.Amount(Math.Abs(delta))}{(unit == FigureUnit.Yuan ? "元" : "万元")}",
                Locations = { Format.At(current.Sentence) },
                Expected = actualWord,
                Actual = "持平",
            });
        }
    }

    // The base the paragraph states before the change (an execution figure for "比…执行数", else the prior year's
    // budget or execution, whichever is stated), the budget year's figure, and the item's first statement.
    private static (Figure Prior, Figure? Current, Figure? Heading)? Stated(IReadOnlyList<Figure> figures, int index, Figure change)
    {
        var quantity = change.Quantity!;
        var paragraph = change.Sentence.Paragraph;
        Figure? prior = null, current = null, heading = null;
        for (var j = index - 1; j >= 0 && figures[j].Sentence.Paragraph == paragraph; j--)
        {
            var f = figures[j];
            if (f.Role != FigureRole.Value || !f.IsMoney || f.Quantity is not { } q || q.Kind != quantity.Kind || q.Detail != quantity.Detail || q.Scope != quantity.Scope)
            {
                continue;
            }

            if (IsBase(q) && (!change.AgainstActual || q.Basis == Quantity.PriorActual))
            {
                prior ??= f;
            }
            else if (q.Basis.Length == 0)
            {
                current ??= f;
                heading = f;
            }
        }

        return prior is null ? null : (prior, current, heading);
    }

    private static bool GrowthWords(string label) =>
        label.EndsWith("增长", StringComparison.Ordinal) || label.EndsWith("下降", StringComparison.Ordinal)
        || label.EndsWith("上升", StringComparison.Ordinal) || label.EndsWith("降低", StringComparison.Ordinal);

    private static bool IsBase(Quantity? quantity) => quantity?.Basis is Quantity.PriorActual or Quantity.PriorBudget;

    private static string BaseName(Figure prior) => prior.Quantity!.Basis == Quantity.PriorActual ? "上年执行数" : "上年预算数";

    private static bool Agrees(Figure change, Figure prior, Figure current)
    {
        const FigureUnit unit = FigureUnit.TenThousandYuan;
        var expected = Math.Abs((In(current, unit) - In(prior, unit)) / In(prior, unit) * 100m);
        return Math.Abs(change.Value - expected) <= NarrativeRun.PercentEnvelope(change.HalfUnit, In(prior, unit), In(current, unit), Half(prior, unit), Half(current, unit));
    }

    // A money figure in 元 or 万元.
    private static decimal In(Figure figure, FigureUnit unit) =>
        figure.Unit == unit ? figure.Value : unit == FigureUnit.Yuan ? figure.InTenThousand * 10_000m : figure.InTenThousand;

    // Half a unit of the figure's last printed digit, in 元 or 万元.
    private static decimal Half(Figure figure, FigureUnit unit) =>
        figure.Unit == unit ? figure.HalfUnit : unit == FigureUnit.Yuan ? figure.HalfUnit * 10_000m : figure.HalfUnit / 10_000m;
}
