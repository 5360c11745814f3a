using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// R14 from the figures an item's own sentences state: "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比
/// 2023年预算执行数减少57.14%". The base is the stated execution figure (no table prints it), the current figure the
/// stated budget; amount, percentage and direction word are recomputed from them at their printed precision.
/// </summary>
internal static class R14StatedFigures
{
    /// <summary>Checks the change at <paramref name="index"/> when its paragraph states the base; false otherwise.</summary>
    public static bool TryCheck(NarrativeRun run, int index)
    {
        var figures = run.Figures;
        var change = figures[index];
        if (Stated(figures, index, change.Quantity!) is not { Current: not null } found)
        {
            return false;
        }

        var (prior, current, heading) = (found.Prior, found.Current, found.Heading);

        var delta = current.InTenThousand - prior.InTenThousand;
        var amountHalf = Half(prior) + Half(current);
        var location = Format.At(change.Sentence);
        var what = run.Describe(change.Quantity!);
        var basis = $"上年执行数{prior.Text}、预算安排{current.Text}";
        if (change.Unit == FigureUnit.Percent && prior.InTenThousand == 0)
        {
            R14YearOnYear.ZeroBase(run, change, $"所述上年执行数为{prior.Text}", [location]);
            return true;
        }

        var words = ("增加", "减少");
        var word = change.Direction < 0 ? words.Item2 : words.Item1;
        var actualWord = delta < 0 ? words.Item2 : words.Item1;
        var directionWrong = Math.Abs(delta) > amountHalf && Math.Sign(delta) != change.Direction;
        if (directionWrong)
        {
            run.Rules[NarrativeChecks.YoyDirection].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{what}比上年执行数{word}{change.Text}，但按其所述{basis}计算为{actualWord}，增减方向不符",
                Locations = { location },
                Expected = actualWord,
                Actual = word,
            });
        }
        else
        {
            run.Rules[NarrativeChecks.YoyDirection].Checked();
        }

        if (change.Unit == FigureUnit.Percent)
        {
            run.Rules[NarrativeChecks.YoyZeroBase].Checked();
            var expected = Math.Abs(delta / prior.InTenThousand * 100m);
            var tolerance = NarrativeRun.PercentEnvelope(change.HalfUnit, prior.InTenThousand, current.InTenThousand, Half(prior), Half(current));
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
                Message = $"情况说明称{what}比上年执行数{word}{change.Text}，按其所述{basis}计算应为{actualWord}{Format.Percent(expected)}%，相差{Format.Percent(difference)}个百分点",
                Locations = { location },
                Expected = Format.Percent(expected),
                Actual = change.Printed,
                Difference = Format.Percent(difference),
                Tolerance = Format.Tolerance(tolerance),
                Unit = "%",
            });
            return true;
        }

        var stated = change.InTenThousand;
        var amountTolerance = amountHalf + NarrativeRun.FigureHalf(change, Contracts.Budget.V1.AmountUnit.TenThousandYuan);
        var amountDifference = stated - Math.Abs(delta);
        if (Math.Abs(amountDifference) <= amountTolerance)
        {
            run.Rules[NarrativeChecks.YoyAmount].Checked();
            return true;
        }

        run.Contradicted.Add(change);
        run.Rules[NarrativeChecks.YoyAmount].Fail(new Finding
        {
            Severity = Severity.Error,
            Message = $"情况说明称{what}比上年执行数{word}{change.Text}，按其所述{basis}计算应为{actualWord}{Format.Amount(Math.Abs(delta))}万元，差额{Format.Amount(amountDifference)}万元",
            Locations = { location },
            Expected = Format.Amount(Math.Abs(delta)),
            Actual = Format.Amount(stated),
            Difference = Format.Amount(amountDifference),
            Tolerance = Format.Tolerance(amountTolerance),
            Unit = "万元",
        });
        return true;
    }

    /// <summary>"…执行数为X万元，…预算安排Y万元，比…执行数持平": 持平 recomputed from the two figures (direction, E).</summary>
    public static void CheckFlat(NarrativeRun run)
    {
        var figures = run.Figures;
        for (var i = 1; i < figures.Count; i++)
        {
            var current = figures[i];
            var prior = figures[i - 1];
            if (current.Role != FigureRole.Value || prior.Role != FigureRole.Value || !ReferenceEquals(current.Sentence, prior.Sentence)
                || current.Quantity is not { StatedOnly: false } quantity || prior.Quantity?.Basis != Quantity.PriorActual
                || prior.Quantity.Detail != quantity.Detail || prior.Quantity.Kind != quantity.Kind
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

            var delta = current.InTenThousand - prior.InTenThousand;
            if (Math.Abs(delta) <= Half(prior) + Half(current))
            {
                run.Rules[NarrativeChecks.YoyDirection].Checked();
                continue;
            }

            var actualWord = delta < 0 ? "减少" : "增加";
            run.Rules[NarrativeChecks.YoyDirection].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明称{run.Describe(quantity)}比上年执行数持平，但其所述上年执行数{prior.Text}、预算安排{current.Text}，实为{actualWord}{Format.Amount(Math.Abs(delta))}万元",
                Locations = { Format.At(current.Sentence) },
                Expected = actualWord,
                Actual = "持平",
            });
        }
    }

    // The item's stated execution figure and budget before the change, in its paragraph; and its first statement.
    private static (Figure Prior, Figure? Current, Figure? Heading)? Stated(IReadOnlyList<Figure> figures, int index, Quantity quantity)
    {
        var paragraph = figures[index].Sentence.Paragraph;
        Figure? prior = null, current = null, heading = null;
        for (var j = index - 1; j >= 0 && figures[j].Sentence.Paragraph == paragraph; j--)
        {
            var f = figures[j];
            if (f.Role != FigureRole.Value || f.Quantity is not { } q || q.Kind != quantity.Kind || q.Detail != quantity.Detail || q.Scope != quantity.Scope)
            {
                continue;
            }

            if (q.Basis == Quantity.PriorActual)
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

    private static bool Agrees(Figure change, Figure prior, Figure current)
    {
        var expected = Math.Abs((current.InTenThousand - prior.InTenThousand) / prior.InTenThousand * 100m);
        return Math.Abs(change.Value - expected) <= NarrativeRun.PercentEnvelope(change.HalfUnit, prior.InTenThousand, current.InTenThousand, Half(prior), Half(current));
    }

    // Half a unit of the figure's last printed digit, in 万元.
    private static decimal Half(Figure figure) => figure.Unit == FigureUnit.Yuan ? figure.HalfUnit / 10_000m : figure.HalfUnit;
}
