using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R13: narrative figures against the table cells they name, the narrative's own procurement parts, and figures the binder could not place.</summary>
internal static class R13FigureBinding
{
    private static string RuleFor(QuantityKind kind) => kind switch
    {
        QuantityKind.IncomeTotal or QuantityKind.IncomeBySource => NarrativeChecks.IncomeTotal,
        QuantityKind.ExpenditureTotal or QuantityKind.ExpenditureByFund => NarrativeChecks.ExpenditureTotal,
        QuantityKind.FunctionClass => NarrativeChecks.FunctionClass,
        QuantityKind.Basic or QuantityKind.Project or QuantityKind.Personnel or QuantityKind.PublicUse => NarrativeChecks.BasicProject,
        QuantityKind.Procurement => NarrativeChecks.Procurement,
        _ => string.Empty,
    };

    // R13: every bound value equals its table cell after unit conversion.
    public static void CheckBound(NarrativeRun run)
    {
        foreach (var figure in run.Figures.Where(f => f.Role == FigureRole.Value && f.IsMoney && f.Quantity is not null))
        {
            var quantity = figure.Quantity!;
            var ruleId = quantity.StatedOnly ? string.Empty : RuleFor(quantity.Kind);
            if (ruleId.Length == 0)
            {
                continue;
            }

            var rule = run.Rules[ruleId];
            var answer = run.Facts.Find(quantity);
            if (answer.Cell is null)
            {
                if (figure.Value == 0 && quantity.Kind == QuantityKind.Procurement && run.Package.Tables?.Cg is null)
                {
                    // No procurement and no procurement table agree.
                    rule.Checked();
                }
                else if (quantity.Kind == QuantityKind.Procurement && quantity.Detail.Length > 0 && run.Package.Tables?.Cg is not null)
                {
                    rule.Note($"{answer.Missing}，情况说明所列货物/工程/服务金额未与附表核对");
                }
                else
                {
                    rule.Review(new Finding
                    {
                        Severity = Severity.Info,
                        Message = $"情况说明所述{figure.Label}{figure.Text}无法与附表核对：{answer.Missing}",
                        Locations = { Format.At(figure.Sentence) },
                        Actual = figure.Printed,
                        Unit = figure.UnitText,
                    });
                }

                continue;
            }

            if (quantity.Kind == QuantityKind.FunctionClass && quantity.Detail.Length > 3 && !Agrees(run, figure, answer.Cell)
                && run.Facts.Find(quantity with { Scope = quantity.Scope == Scope.Fiscal ? Scope.Department : Scope.Fiscal }).Cell is { } other
                && Agrees(run, figure, other))
            {
                // A 款/项 list ("财政拨款支出主要内容如下：…") may state the 财政拨款 row or the whole department's: a figure
                // equal to the row as GF or as ZC prints it is true of that row.
                rule.Checked();
                continue;
            }

            Compare(run, rule, figure, quantity, answer.Cell);
        }

        CheckProcurementParts(run);
    }

    // Another statement of the same 款/项 budget in the figure's paragraph that agrees with the table.
    private static Figure? SameItemElsewhere(NarrativeRun run, Figure figure, TableCell cell)
    {
        foreach (var other in run.Figures)
        {
            if (!ReferenceEquals(other, figure) && other.Role == FigureRole.Value && other.Sentence.Paragraph == figure.Sentence.Paragraph
                && other.Quantity == figure.Quantity && Agrees(run, other, cell))
            {
                return other;
            }
        }

        return null;
    }

    private static bool Agrees(NarrativeRun run, Figure figure, TableCell cell)
    {
        if (!cell.Amount.IsNumber)
        {
            return false;
        }

        var unit = run.TableUnit(cell);
        return Math.Abs(NarrativeRun.ToUnit(figure, unit) - cell.Amount.Value) <= NarrativeRun.Tolerance(figure, unit);
    }

    private static void Compare(NarrativeRun run, RuleRun rule, Figure figure, Quantity quantity, TableCell cell)
    {
        if (cell.Amount.IsUnparseable)
        {
            rule.Review(new Finding
            {
                Severity = Severity.Warning,
                Message = $"{cell.Name}单元格{cell.Amount}不是数字，无法核对情况说明所述{figure.Label}{figure.Text}",
                Locations = { Format.At(figure.Sentence), cell.ToLocation() },
                Actual = figure.Printed,
            });
            return;
        }

        var unit = run.TableUnit(cell);
        var actual = NarrativeRun.ToUnit(figure, unit);
        var expected = cell.Amount.ValueOrZero ?? 0m;
        var tolerance = NarrativeRun.Tolerance(figure, unit);
        var difference = actual - expected;
        if (Math.Abs(difference) <= tolerance)
        {
            rule.Checked();
            return;
        }

        run.Contradicted.Add(figure);
        var message = $"情况说明所述{figure.Label}{figure.Text}与{cell.Name}{Format.Amount(expected)}{Units.Name(unit)}不符，差额{Format.Amount(difference)}{Units.Name(unit)}";
        if (quantity.Kind == QuantityKind.FunctionClass && quantity.Detail.Length == 3 && MatchingQuantity(run, figure, quantity) is { } other)
        {
            message += $"；{figure.Text}实为{other}，所列科目名称有误";
        }
        else if (quantity.Kind == QuantityKind.FunctionClass && quantity.Detail.Length > 3 && SameItemElsewhere(run, figure, cell) is { } agreeing)
        {
            // "住房公积金（01项）208.8万元 … 2026年预算安排201.50万元": the item states itself twice, once as the table does.
            message += $"；同一科目另处所述{agreeing.Text}与附表一致，两处表述不一致";
        }

        rule.Fail(new Finding
        {
            Severity = Severity.Error,
            Message = message,
            Locations = { Format.At(figure.Sentence), cell.ToLocation() },
            Expected = Format.Amount(expected),
            Actual = Format.Amount(actual),
            Difference = Format.Amount(difference),
            Tolerance = Format.Amount(tolerance),
            Unit = Units.Name(unit),
        });
    }

    // A 类 amount that is really another quantity (the total, or another 类) is a wrong label, not a typo.
    private static string? MatchingQuantity(NarrativeRun run, Figure figure, Quantity quantity)
    {
        var candidates = new List<Quantity>
        {
            new(QuantityKind.ExpenditureTotal, quantity.Scope),
            new(QuantityKind.ExpenditureByFund, Scope.Fiscal, "general_budget"),
            new(QuantityKind.Basic, quantity.Scope),
            new(QuantityKind.Project, quantity.Scope),
        };
        candidates.AddRange(run.Facts.PrintedClasses().Select(c => c.Code).Distinct(StringComparer.Ordinal)
            .Where(code => code != quantity.Detail)
            .Select(code => new Quantity(QuantityKind.FunctionClass, quantity.Scope, code)));
        foreach (var candidate in candidates)
        {
            var cell = run.Facts.Find(candidate).Cell;
            if (cell is null || !cell.Amount.IsNumber)
            {
                continue;
            }

            var unit = run.TableUnit(cell);
            if (Math.Abs(NarrativeRun.ToUnit(figure, unit) - cell.Amount.Value) <= NarrativeRun.Tolerance(figure, unit))
            {
                return $"{cell.Name}（{candidate.Describe()}）";
            }
        }

        return null;
    }

    // The narrative's own 货物 + 工程 + 服务 must make its 政府采购 total (R12's narrative half).
    private static void CheckProcurementParts(NarrativeRun run)
    {
        foreach (var group in run.Figures
            .Where(f => f.Role == FigureRole.Value && f.IsMoney && f.Quantity?.Kind == QuantityKind.Procurement)
            .GroupBy(f => (f.Sentence.Index, f.Quantity!.Fund)))
        {
            var total = group.FirstOrDefault(f => f.Quantity!.Detail.Length == 0);
            var parts = group.Where(f => f.Quantity!.Detail.Length > 0).ToList();
            if (total is null || parts.Count == 0)
            {
                continue;
            }

            var sum = parts.Sum(p => p.InTenThousand);
            // Each figure is known to half its last printed digit: "34万元" to ±0.5 万元, "93.98万元" to ±0.005 万元.
            var tolerance = Math.Max(Units.RoundingEnvelope(parts.Count), parts.Sum(p => NarrativeRun.FigureHalf(p, AmountUnit.TenThousandYuan)) + NarrativeRun.FigureHalf(total, AmountUnit.TenThousandYuan));
            var difference = sum - total.InTenThousand;
            if (Math.Abs(difference) <= tolerance)
            {
                run.Rules[NarrativeChecks.Procurement].Checked();
                continue;
            }

            run.Rules[NarrativeChecks.Procurement].Fail(new Finding
            {
                Severity = Severity.Error,
                Message = $"情况说明所列政府采购货物、工程、服务预算之和{Format.Amount(sum)}万元与所述{total.Label}{total.Text}不符，差额{Format.Amount(difference)}万元",
                Locations = { Format.At(total.Sentence) },
                Expected = Format.Amount(total.InTenThousand),
                Actual = Format.Amount(sum),
                Difference = Format.Amount(difference),
                Tolerance = Format.Amount(tolerance),
                Unit = "万元",
            });
        }
    }

    // R13-UNBOUND-FIGURE: a number the binder could not place is shown to an operator, never dropped — as a review
    // (待人工判断) with an info pointer, like every statement the engine cannot check: it is not a fault of the document.
    public static void CheckUnbound(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.UnboundFigure];
        foreach (var figure in run.Figures)
        {
            var unbound = figure.Role == FigureRole.Share
                ? figure.ShareOf is null
                : figure.Quantity is null;
            if (!unbound)
            {
                rule.Checked();
                continue;
            }

            rule.Review(new Finding
            {
                Severity = Severity.Info,
                Message = $"情况说明中的数字{figure.Text}无法识别所指项目，未能核对：{Format.Quote(figure.Sentence)}",
                Locations = { Format.At(figure.Sentence) },
                Actual = figure.Printed,
                Unit = figure.UnitText,
            });
        }
    }
}
