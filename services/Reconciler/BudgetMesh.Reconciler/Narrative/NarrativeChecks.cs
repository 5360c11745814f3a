using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// The narrative (情况说明) rules of rules.md: R13–R16, R19 and the narrative halves of R18, R20, R21. Pure: the
/// package in, one result per rule out, in <see cref="RuleIds"/> order.
/// </summary>
internal static partial class NarrativeChecks
{
    public const string IncomeTotal = "R13-INCOME-TOTAL";
    public const string ExpenditureTotal = "R13-EXPENDITURE-TOTAL";
    public const string FunctionClass = "R13-FUNCTION-CLASS";
    public const string BasicProject = "R13-BASIC-PROJECT";
    public const string Procurement = "R13-PROCUREMENT";
    public const string UnboundFigure = "R13-UNBOUND-FIGURE";
    public const string YoyAmount = "R14-YOY-AMOUNT";
    public const string YoyPercent = "R14-YOY-PERCENT";
    public const string YoyDirection = "R14-YOY-DIRECTION";
    public const string YoyZeroBase = "R14-YOY-ZERO-BASE";
    public const string AgencyOperating = "R15-AGENCY-OPERATING";
    public const string ConsistentFigures = "R16-CONSISTENT-FIGURES";
    public const string Shares = "R16-SHARES";
    public const string EmptyTable = "R18-NARRATIVE-EMPTY-TABLE";
    public const string Sections = "R19-SECTIONS";
    public const string TextResidue = "R20-TEXT-RESIDUE";
    public const string Years = "R21-NARRATIVE-YEARS";

    /// <summary>Every rule id this class returns, in result order.</summary>
    public static IReadOnlyList<string> RuleIds { get; } =
    [
        IncomeTotal, ExpenditureTotal, FunctionClass, BasicProject, Procurement, UnboundFigure,
        YoyAmount, YoyPercent, YoyDirection, YoyZeroBase,
        AgencyOperating, ConsistentFigures, Shares, EmptyTable, Sections, TextResidue, Years,
    ];

    /// <summary>Runs every narrative rule on a package.</summary>
    public static IReadOnlyList<RuleResult> Run(BudgetPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var run = new NarrativeRun(package);
        return run.Execute();
    }

    /// <summary>One package's run: the parsed narrative, its figures and the rule builders.</summary>
    private sealed class NarrativeRun
    {
        private readonly BudgetPackage package;
        private readonly NarrativeDocument document;
        private readonly TableFacts facts;
        private readonly IReadOnlyList<Figure> figures;
        private readonly Dictionary<string, RuleBuilder> rules;
        private readonly HashSet<Figure> contradicted = [];
        private readonly HashSet<(int Sentence, string Expected, string Actual)> reportedChanges = [];

        public NarrativeRun(BudgetPackage package)
        {
            this.package = package;
            document = NarrativeDocument.Parse(package.Narrative?.Text);
            facts = new TableFacts(package.Tables);
            figures = FigureExtractor.Extract(document, facts.PrintedClasses());
            rules = RuleIds.ToDictionary(id => id, id => new RuleBuilder(id));
        }

        private AmountUnit PackageUnit => package.Header?.AmountUnit ?? AmountUnit.Unspecified;

        public IReadOnlyList<RuleResult> Execute()
        {
            if (string.IsNullOrWhiteSpace(document.Original))
            {
                rules[Sections].Fail(new Finding
                {
                    Severity = Severity.Warning,
                    Message = "未提供情况说明，无法核对说明部分",
                    Locations = { new Location { Table = TableKey.Nar, RowIndex = -1 } },
                });
                return RuleIds.Select(id => rules[id].Build("未提供情况说明")).ToList();
            }

            CheckBoundFigures();
            CheckUnbound();
            CheckYearOnYear();
            CheckAgencyOperating();
            CheckConsistency();
            CheckShares();
            CheckEmptyTables();
            CheckSections();
            CheckResidue();
            CheckYears();

            return RuleIds.Select(id => rules[id].Build(NotApplicable(id))).ToList();
        }

        private static string NotApplicable(string id) => id switch
        {
            IncomeTotal => "情况说明未列收入数",
            ExpenditureTotal => "情况说明未列支出总数",
            FunctionClass => "情况说明未按功能分类列支出",
            BasicProject => "情况说明未列基本支出、项目支出",
            Procurement => "情况说明未列政府采购数",
            YoyAmount or YoyDirection => "情况说明无可复核的同比增减表述",
            YoyPercent => "情况说明无可复核的同比增减百分比",
            YoyZeroBase => "情况说明无以零为基数的增长率",
            AgencyOperating => "情况说明未列机关运行经费",
            ConsistentFigures => "情况说明未重复表述同一数字",
            Shares => "情况说明未列占比",
            EmptyTable => "情况说明未称无政府性基金或国有资本经营预算",
            Years => "封面未填预算年度",
            _ => "不适用",
        };

        private static string RuleFor(QuantityKind kind) => kind switch
        {
            QuantityKind.IncomeTotal or QuantityKind.IncomeBySource => IncomeTotal,
            QuantityKind.ExpenditureTotal or QuantityKind.ExpenditureByFund => ExpenditureTotal,
            QuantityKind.FunctionClass => FunctionClass,
            QuantityKind.Basic or QuantityKind.Project or QuantityKind.Personnel or QuantityKind.PublicUse => BasicProject,
            QuantityKind.Procurement => Procurement,
            _ => string.Empty,
        };

        // R13: every bound value equals its table cell after unit conversion.
        private void CheckBoundFigures()
        {
            foreach (var figure in figures.Where(f => f.Role == FigureRole.Value && f.IsMoney && f.Quantity is not null))
            {
                var quantity = figure.Quantity!;
                var ruleId = RuleFor(quantity.Kind);
                if (ruleId.Length == 0)
                {
                    continue;
                }

                var rule = rules[ruleId];
                var answer = facts.Find(quantity);
                if (answer.Cell is null)
                {
                    if (figure.Value == 0 && quantity.Kind == QuantityKind.Procurement && package.Tables?.Cg is null)
                    {
                        // No procurement and no procurement table agree.
                        rule.Checked();
                    }
                    else if (quantity.Kind == QuantityKind.Procurement && quantity.Detail.Length > 0 && package.Tables?.Cg is not null)
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

                Compare(rule, figure, quantity, answer.Cell);
            }

            CheckProcurementParts();
        }

        private void Compare(RuleBuilder rule, Figure figure, Quantity quantity, TableCell cell)
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

            var unit = TableUnit(cell);
            var actual = ToUnit(figure, unit);
            var expected = cell.Amount.ValueOrZero ?? 0m;
            var tolerance = Units.NarrativeTolerance(unit);
            var difference = actual - expected;
            if (Math.Abs(difference) <= tolerance)
            {
                rule.Checked();
                return;
            }

            contradicted.Add(figure);
            var message = $"情况说明所述{figure.Label}{figure.Text}与{cell.Name}{Format.Amount(expected)}{Units.Name(unit)}不符，差额{Format.Amount(difference)}{Units.Name(unit)}";
            if (quantity.Kind == QuantityKind.FunctionClass && MatchingQuantity(figure, quantity) is { } other)
            {
                message += $"；{figure.Text}实为{other}，所列科目名称有误";
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
        private string? MatchingQuantity(Figure figure, Quantity quantity)
        {
            var candidates = new List<Quantity>
            {
                new(QuantityKind.ExpenditureTotal, quantity.Scope),
                new(QuantityKind.ExpenditureByFund, Scope.Fiscal, "general_budget"),
                new(QuantityKind.Basic, quantity.Scope),
                new(QuantityKind.Project, quantity.Scope),
            };
            candidates.AddRange(facts.PrintedClasses().Select(c => c.Code).Distinct(StringComparer.Ordinal)
                .Where(code => code != quantity.Detail)
                .Select(code => new Quantity(QuantityKind.FunctionClass, quantity.Scope, code)));
            foreach (var candidate in candidates)
            {
                var cell = facts.Find(candidate).Cell;
                if (cell is null || !cell.Amount.IsNumber)
                {
                    continue;
                }

                var unit = TableUnit(cell);
                if (Math.Abs(ToUnit(figure, unit) - cell.Amount.Value) <= Units.NarrativeTolerance(unit))
                {
                    return $"{cell.Name}（{candidate.Describe()}）";
                }
            }

            return null;
        }

        // The narrative's own 货物 + 工程 + 服务 must make its 政府采购 total (R12's narrative half).
        private void CheckProcurementParts()
        {
            foreach (var group in figures
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
                var tolerance = Units.RoundingEnvelope(parts.Count);
                var difference = sum - total.InTenThousand;
                if (Math.Abs(difference) <= tolerance)
                {
                    rules[Procurement].Checked();
                    continue;
                }

                rules[Procurement].Fail(new Finding
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

        // R13-UNBOUND-FIGURE: a number the binder could not place is shown to an operator, never dropped.
        private void CheckUnbound()
        {
            var rule = rules[UnboundFigure];
            foreach (var figure in figures)
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
                    Severity = Severity.Warning,
                    Message = $"情况说明中的数字{figure.Text}无法识别所指项目，未能核对：{Format.Quote(figure.Sentence)}",
                    Locations = { Format.At(figure.Sentence) },
                    Actual = figure.Printed,
                    Unit = figure.UnitText,
                });
            }
        }

        // R14: year-on-year statements recomputed from GF's prior-year column.
        private void CheckYearOnYear()
        {
            var notRecomputable = 0;
            foreach (var figure in figures.Where(f => f.Role == FigureRole.Change && f.Quantity is not null && !f.Quantity.CheckedElsewhere))
            {
                var current = facts.Find(figure.Quantity!).Cell;
                var prior = current is null ? null : facts.Prior(figure.Quantity!, current);
                if (current is null || prior is null || !current.Amount.IsNumber || !prior.Amount.IsNumber)
                {
                    notRecomputable++;
                    continue;
                }

                var unit = TableUnit(current);
                var priorValue = Units.Convert(prior.Amount.Value, TableUnit(prior), unit);
                var change = current.Amount.Value - priorValue;
                var locations = new[] { Format.At(figure.Sentence), current.ToLocation(), prior.ToLocation() };
                if (figure.Unit == FigureUnit.Percent)
                {
                    CheckPercentChange(figure, priorValue, change, locations, unit);
                }
                else
                {
                    CheckAmountChange(figure, change, locations, unit, current, prior);
                }
            }

            if (notRecomputable > 0)
            {
                var note = $"情况说明有{notRecomputable}处同比增减表述无法复核（一般公共预算财政拨款支出预算表未列上年数，或该项目无上年数）";
                rules[YoyAmount].Note(note);
                rules[YoyDirection].Note(note);
            }
        }

        private void CheckAmountChange(Figure figure, decimal change, Location[] locations, AmountUnit unit, TableCell current, TableCell prior)
        {
            var stated = ToUnit(figure, unit);
            // A change is the difference of two printed figures: allow each its half-cent on top of the narrative's.
            var tolerance = Math.Max(Units.NarrativeTolerance(unit), Units.RoundingEnvelope(2));
            var what = figure.Quantity!.Describe();
            var word = figure.Direction < 0 ? "减少" : "增加";
            var actualWord = change < 0 ? "减少" : "增加";
            if (Math.Abs(change) > tolerance && Math.Sign(change) != figure.Direction)
            {
                rules[YoyDirection].Fail(new Finding
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
                rules[YoyDirection].Checked();
            }

            var difference = stated - Math.Abs(change);
            if (Math.Abs(difference) <= tolerance)
            {
                rules[YoyAmount].Checked();
                return;
            }

            contradicted.Add(figure);
            // "收入较上年增加X，主要是一般公共预算拨款增加X" repeats one number about one table figure: report it once.
            if (!reportedChanges.Add((figure.Sentence.Index, Format.Amount(Math.Abs(change)), Format.Amount(stated))))
            {
                return;
            }

            rules[YoyAmount].Fail(new Finding
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

        private void CheckPercentChange(Figure figure, decimal priorValue, decimal change, Location[] locations, AmountUnit unit)
        {
            var what = figure.Quantity!.Describe();
            if (priorValue == 0)
            {
                rules[YoyZeroBase].Fail(new Finding
                {
                    Severity = Severity.Warning,
                    Message = $"情况说明称{what}增长{figure.Text}，但上年数为0，增长率无意义",
                    Locations = { locations },
                    Actual = figure.Printed,
                    Unit = "%",
                });
                return;
            }

            rules[YoyZeroBase].Checked();
            var expected = change / priorValue * 100m;
            var word = figure.Direction < 0 ? "下降" : "增长";
            var actualWord = change < 0 ? "下降" : "增长";
            if (Math.Abs(change) > Units.NarrativeTolerance(unit) && Math.Sign(change) != figure.Direction)
            {
                rules[YoyDirection].Fail(new Finding
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
                rules[YoyPercent].Checked();
                return;
            }

            rules[YoyPercent].Fail(new Finding
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

        // R15: 机关运行经费 = JB 日常公用经费 for 行政/参公 units; a department with 事业单位 may differ.
        private void CheckAgencyOperating()
        {
            var rule = rules[AgencyOperating];
            var mixed = package.Header?.UnitKind is UnitKind.DepartmentConsolidated or UnitKind.PublicInstitution;
            foreach (var figure in figures.Where(f => f.Role == FigureRole.Value && f.IsMoney && f.Quantity?.Kind == QuantityKind.AgencyOperating))
            {
                var cell = facts.Find(figure.Quantity!).Cell;
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

                var unit = TableUnit(cell);
                var actual = ToUnit(figure, unit);
                var expected = cell.Amount.ValueOrZero ?? 0m;
                var tolerance = Units.NarrativeTolerance(unit);
                var difference = actual - expected;
                if (Math.Abs(difference) <= tolerance)
                {
                    rule.Checked();
                    continue;
                }

                contradicted.Add(figure);
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

        // R16: the same quantity stated twice has the same value. Figures already contradicted by their table
        // are left out: R13/R14/R15 already ask for them to be fixed.
        private void CheckConsistency()
        {
            var rule = rules[ConsistentFigures];
            var candidates = figures.Where(f =>
                f.Quantity is not null
                && f.Quantity.Kind is not QuantityKind.ThreePublic
                && f.Role is FigureRole.Value or FigureRole.Change
                && !contradicted.Contains(f));
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
        private void CheckShares()
        {
            var rule = rules[Shares];
            foreach (var share in figures.Where(f => f.Role == FigureRole.Share && f.ShareOf is not null))
            {
                decimal? whole = null;
                var wholeName = string.Empty;
                if (share.ShareBase is not null && facts.Find(share.ShareBase).Cell is { } cell && cell.Amount.IsNumber)
                {
                    whole = Units.Convert(cell.Amount.Value, TableUnit(cell), AmountUnit.TenThousandYuan);
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

        // R18 (narrative half): "无政府性基金…" agrees with JJ (or CZ), "无国有资本经营…" with GZ.
        private void CheckEmptyTables()
        {
            var rule = rules[EmptyTable];
            foreach (var sentence in document.Sentences.Where(s => s.Top is not SectionKind.Glossary and not SectionKind.Annexes))
            {
                foreach (var match in NoFund().EnumerateMatches(sentence.Norm))
                {
                    // The match ends with the fund's name.
                    var fundWord = sentence.Norm.AsSpan(match.Index, match.Length).EndsWith("政府性基金", StringComparison.Ordinal) ? "政府性基金" : "国有资本经营";
                    var fund = fundWord == "政府性基金" ? "government_fund" : "state_capital";
                    var fundName = fundWord + "预算";
                    var cell = facts.FundTable(fund);
                    if (cell is null)
                    {
                        rule.Review(new Finding
                        {
                            Severity = Severity.Info,
                            Message = $"情况说明称无{fundName}支出，但未公开{fundName}支出表，也无财政拨款收支总表可核对",
                            Locations = { Format.At(sentence) },
                        });
                        continue;
                    }

                    if (cell.Amount.IsUnparseable)
                    {
                        rule.Review(new Finding
                        {
                            Severity = Severity.Warning,
                            Message = $"{cell.Name}单元格{cell.Amount}不是数字，无法核对情况说明“无{fundName}”的表述",
                            Locations = { Format.At(sentence), cell.ToLocation() },
                        });
                        continue;
                    }

                    var value = cell.Amount.ValueOrZero ?? 0m;
                    if (value == 0)
                    {
                        rule.Checked();
                        continue;
                    }

                    var unit = TableUnit(cell);
                    rule.Fail(new Finding
                    {
                        Severity = Severity.Error,
                        Message = $"情况说明称无{fundName}拨款安排的支出，但{cell.Name}为{Format.Amount(value)}{Units.Name(unit)}",
                        Locations = { Format.At(sentence), cell.ToLocation() },
                        Expected = "0.00",
                        Actual = Format.Amount(value),
                        Difference = Format.Amount(value),
                        Unit = Units.Name(unit),
                    });
                }
            }
        }

        private static readonly (SectionKind Kind, string Name)[] RequiredSections =
        [
            (SectionKind.Duties, "职能职责"),
            (SectionKind.Structure, "机构（单位）构成"),
            (SectionKind.Overview, "部门收支总体情况"),
            (SectionKind.FiscalAppropriation, "财政拨款情况说明"),
            (SectionKind.ThreePublic, "“三公”经费情况说明"),
            (SectionKind.AgencyOperating, "机关运行经费"),
            (SectionKind.Procurement, "政府采购情况"),
            (SectionKind.Performance, "绩效目标设置情况"),
            (SectionKind.Assets, "国有资产占有使用情况"),
            (SectionKind.Glossary, "专业性名词解释"),
        ];

        // R19: every required section has a heading.
        private void CheckSections()
        {
            var rule = rules[Sections];
            foreach (var (kind, name) in RequiredSections)
            {
                if (document.Has(kind))
                {
                    rule.Checked();
                    continue;
                }

                rule.Fail(new Finding
                {
                    Severity = Severity.Warning,
                    Message = $"情况说明缺少“{name}”部分",
                    Locations = { new Location { Table = TableKey.Nar, RowIndex = -1, Label = name } },
                    Expected = name,
                });
            }
        }

        private static readonly (Regex Pattern, string What)[] Residue =
        [
            (Placeholder(), "占位符"),
            (ShareWithoutNumber(), "占比未填数字"),
            (AmountWithoutNumber(), "金额未填数字"),
            (DirectionNotChosen(), "增减方向未选定"),
            (TemplateInstruction(), "模板说明文字"),
        ];

        // R20 (text): words of the template left in the published narrative.
        private void CheckResidue()
        {
            var rule = rules[TextResidue];
            foreach (var sentence in document.Sentences)
            {
                rule.Checked();
                foreach (var (pattern, what) in Residue)
                {
                    // One finding per kind of residue and sentence is enough to send the operator there.
                    // IsMatch first: it allocates nothing, and almost every sentence is clean.
                    if (pattern.IsMatch(sentence.Norm) && pattern.Match(sentence.Norm) is { Success: true } match)
                    {
                        rule.Fail(new Finding
                        {
                            Severity = Severity.Warning,
                            Message = $"情况说明疑有模板残留（{what}）“{match.Value}”：{Format.Quote(sentence)}",
                            Locations = { Format.At(sentence) },
                            Actual = match.Value,
                        });
                    }
                }
            }
        }

        // R21 (narrative): years are N and N−1, comparisons are with N−1, the title names N.
        private void CheckYears()
        {
            var rule = rules[Years];
            var budgetYear = package.Header?.BudgetYear ?? 0;
            if (budgetYear <= 0)
            {
                return;
            }

            foreach (var sentence in document.Sentences)
            {
                foreach (var match in Year().EnumerateMatches(sentence.Norm))
                {
                    // The match is the four digits of the year and 年.
                    var year = int.Parse(sentence.Norm.AsSpan(match.Index, 4), System.Globalization.CultureInfo.InvariantCulture);
                    var before = sentence.Norm.AsSpan(0, match.Index);
                    var comparison = before.EndsWith('比') || before.EndsWith('较') || before.EndsWith("比上年即", StringComparison.Ordinal);
                    string? problem = null;
                    if (comparison && year != budgetYear - 1)
                    {
                        problem = $"与{year}年比较，应与上年（{budgetYear - 1}年）比较";
                    }
                    else if (year != budgetYear && year != budgetYear - 1)
                    {
                        problem = $"出现{year}年，预算年度为{budgetYear}年";
                    }
                    else if (sentence.Top == SectionKind.Preamble && year != budgetYear && sentence.Norm.Contains("预算", StringComparison.Ordinal))
                    {
                        problem = $"标题年度为{year}年，预算年度为{budgetYear}年";
                    }

                    if (problem is null)
                    {
                        rule.Checked();
                        continue;
                    }

                    rule.Fail(new Finding
                    {
                        Severity = Severity.Warning,
                        Message = $"情况说明年度有误：{problem}：{Format.Quote(sentence)}",
                        Locations = { Format.At(sentence) },
                        Expected = (comparison ? budgetYear - 1 : budgetYear).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Actual = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    });
                }
            }
        }

        private AmountUnit TableUnit(TableCell cell) => cell.Unit == AmountUnit.Unspecified ? PackageUnit : cell.Unit;

        private static decimal ToUnit(Figure figure, AmountUnit unit)
        {
            var from = figure.Unit == FigureUnit.Yuan ? AmountUnit.Yuan : AmountUnit.TenThousandYuan;
            return Units.Convert(figure.Value, from, unit == AmountUnit.Unspecified ? AmountUnit.TenThousandYuan : unit);
        }
    }

    [GeneratedRegex(@"(无|没有)(使用|安排)?(?<fund>政府性基金|国有资本经营)", RegexOptions.CultureInvariant)]
    private static partial Regex NoFund();

    [GeneratedRegex(@"(?<![A-Za-z])(XX+|xx+)(?![A-Za-z])|××+", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"占(比)?%", RegexOptions.CultureInvariant)]
    private static partial Regex ShareWithoutNumber();

    [GeneratedRegex(@"(增加|减少|增长|下降|预算数|总额|为|计)(万元|亿元|%)", RegexOptions.CultureInvariant)]
    private static partial Regex AmountWithoutNumber();

    [GeneratedRegex(@"(增加|增长)\((减少|下降)\)|(增加|增长)/(减少|下降)", RegexOptions.CultureInvariant)]
    private static partial Regex DirectionNotChosen();

    [GeneratedRegex(@"应根据实际情况|以下为常见|据实填写|此处填写|请填写|可根据需要", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateInstruction();

    [GeneratedRegex(@"(?<![0-9])(?<year>(19|20)[0-9]{2})年", RegexOptions.CultureInvariant)]
    private static partial Regex Year();
}
