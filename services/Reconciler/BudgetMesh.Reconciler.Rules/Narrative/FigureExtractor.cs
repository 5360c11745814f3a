using System.Globalization;
using System.Text.RegularExpressions;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>Finds every amount, percentage and vehicle count in the narrative and binds it to a quantity.</summary>
internal static partial class FigureExtractor
{
    // A match is the number (digits, at most one '.' inside) followed by its unit, which never starts with a digit or '.'.
    [GeneratedRegex(@"(?<![0-9.])(?<num>[0-9]+(?:\.[0-9]+)?)(?<unit>亿元|万元|元|万(?![人户个件次名])|%|辆)", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    // Every word districts print for a change: "增长/增加/上升/提高/上涨/增幅", "减少/下降/降低/压减/缩减/降幅".
    [GeneratedRegex(@"(?<word>增加|增长|上升|提高|上涨|增幅|增|减少|下降|降低|压减|缩减|降幅|减)(?:了|约|为|达)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectionAtEnd();

    [GeneratedRegex(@"^(主要是|主要原因是|主要为|其中)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingReason();

    [GeneratedRegex(@"^([0-9]{4}年|上年|同期|上年度|与)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NoSubject();

    // What an item's own sentences call its budget: "2024年预算安排25.77万元", "预算数为…".
    [GeneratedRegex(@"^([0-9]{4}年|上年)?(年初)?(预算安排|预算数|预算|安排)(为|资金)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemBudget();

    // The end of a label naming a year's budget: "…2024年预算数", "上年预算安排为".
    [GeneratedRegex(@"(?:(?<year>[0-9]{4})年|(?<year>上年))(年初)?(预算安排|预算数|预算)(为|资金)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PriorBudgetLabel();

    // The base a sentence compares with, printed with its value: "比上年预算数36,892,800.00元减少…", "较2024年执行数X万元增长…".
    [GeneratedRegex(@"^(?:比|较|与|同)(?:[0-9]{4}年|上年度?)(?:年初|当年)?(?:预算执行数|预算执行|执行数|决算数|预算安排|预算数|预算)(?:为|的)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonBase();

    // A threshold, not an amount: "单价100万元（含）以上设备", "50万元以下".
    [GeneratedRegex(@"^(\(含\))?(以上|以下|及以上|及以下)", RegexOptions.CultureInvariant)]
    private static partial Regex ThresholdAfter();

    private static readonly string[] LeadingFillers = ["其中", "主要是", "主要原因是", "主要为", "主要用于", "分别为", "即", "共计", "合计", "共"];

    /// <summary>All figures of the document, in printed order.</summary>
    public static IReadOnlyList<Figure> Extract(NarrativeDocument document, TableFacts facts, int budgetYear = 0)
    {
        var state = new ExtractState(facts.PrintedClasses().ToList(), facts) { BudgetYear = budgetYear };
        var figures = new List<Figure>();
        foreach (var sentence in document.Sentences)
        {
            // Headings and the contact/annex lines carry years and item numbers, never amounts.
            if (sentence.Top is SectionKind.Annexes or SectionKind.Contact)
            {
                continue;
            }

            state.Enter(sentence);
            ExtractSentence(sentence, state, figures);
        }

        return figures;
    }

    /// <summary>What carries from sentence to sentence: the 类/款/项 path an item list is under, the item a paragraph is about.</summary>
    private sealed class ExtractState(List<(string Code, string Name)> classes, TableFacts facts)
    {
        private int paragraph = -1;
        private (SectionKind, SectionKind) section;

        public List<(string Code, string Name)> Classes { get; } = classes;

        /// <summary>The package's budget year (0 when the header has none).</summary>
        public int BudgetYear { get; init; }

        /// <summary>Read from the tables only when a path is named (most packages print none).</summary>
        public FunctionRows Rows => facts.FunctionRows();

        /// <summary>The last path named in this section (an item list names only the 项 after the first).</summary>
        public FunctionPathMatch? Path { get; set; }

        /// <summary>The 款/项 the current paragraph is about, once its first figure named it.</summary>
        public Quantity? Item { get; set; }

        public void Enter(Sentence sentence)
        {
            if ((sentence.Top, sentence.Sub) != section)
            {
                section = (sentence.Top, sentence.Sub);
                Path = null;
            }

            if (sentence.Paragraph != paragraph)
            {
                paragraph = sentence.Paragraph;
                Item = null;
            }
        }
    }

    private static void ExtractSentence(Sentence sentence, ExtractState state, List<Figure> figures)
    {
        var first = figures.Count;
        var text = sentence.Norm;
        var previousEnd = 0;
        // Later sentences of an item's paragraph ("2023年当年预算执行数为…，2024年预算安排…") are about the item.
        var lastQuantity = state.Item;
        var procurementFund = string.Empty;
        var vehicleParent = string.Empty;
        foreach (var match in Number().EnumerateMatches(text))
        {
            var label = LabelBefore(text, match.Index, previousEnd);
            var before = previousEnd;
            previousEnd = match.Index + match.Length;
            var (printed, value, unit) = ReadNumber(text.AsSpan(match.Index, match.Length));
            var half = HalfUnit(printed, text.AsSpan(match.Index, match.Length));
            var money = unit is FigureUnit.TenThousandYuan or FigureUnit.Yuan;
            if (money && (ThresholdAfter().IsMatch(text.AsSpan(previousEnd)) || label.EndsWith("单价", StringComparison.Ordinal) || label.EndsWith("单价在", StringComparison.Ordinal)))
            {
                // A threshold ("单价100万元（含）以上设备") is a bound of a category, not an amount of the budget.
                continue;
            }

            var direction = DirectionOf(label, out var subject);
            Quantity? path = null;
            var named = money && PathBefore(text, before, match.Index, label, sentence, state, out path);

            Figure figure;
            if (unit == FigureUnit.Percent)
            {
                figure = BindPercent(sentence, match, value, printed, half, label, direction, subject, lastQuantity, figures, first);
            }
            else if (direction is not null)
            {
                var quantity = named ? path : FigureBinder.Bind(subject, sentence, unit, state.Classes, ref procurementFund, ref vehicleParent) ?? lastQuantity;
                figure = new Figure(sentence, match.Index, match.Length, value, unit, printed, label, FigureRole.Change, direction, quantity)
                {
                    HalfUnit = half,
                    AgainstActual = label.Contains("执行", StringComparison.Ordinal),
                };
            }
            else
            {
                var quantity = named ? PriorYear(path, label, state) : ItemFigure(label, state) ?? FigureBinder.Bind(label, sentence, unit, state.Classes, ref procurementFund, ref vehicleParent)
                    ?? BaseOf(lastQuantity, label);
                if (quantity is { Kind: QuantityKind.PerformanceCoverage, Detail: "" } && text.AsSpan(before, match.Index - before).Contains("重点", StringComparison.Ordinal))
                {
                    // "纳入重点绩效评价的项目0个，金额0元": the clause's subject sits before the label's comma.
                    quantity = quantity with { Detail = "key" };
                }

                figure = new Figure(sentence, match.Index, match.Length, value, unit, printed, label, FigureRole.Value, null, quantity) { HalfUnit = half };
                if (quantity is not null && quantity.Basis.Length == 0)
                {
                    lastQuantity = quantity;
                }
            }

            figures.Add(figure);
        }
    }

    // A 款/项 named before the number in any printed form: its figure binds to that row. False when no path is
    // named; true with a null quantity when the named 款/项 is not printed (unbound, never compared with the 类).
    private static bool PathBefore(string text, int from, int at, string label, Sentence sentence, ExtractState state, out Quantity? quantity)
    {
        quantity = null;
        // Cheap test first, without allocating: most numbers follow no path at all.
        if (!MayNamePath(text.AsSpan(from, at - from)))
        {
            return false;
        }

        if (FunctionPath.Find(text[from..at], label, state.Rows, state.Classes, state.Path) is not { } path)
        {
            return false;
        }

        state.Path = path;
        if (path.ClassOnly)
        {
            return false;
        }

        if (path.Code is null)
        {
            return true;
        }

        var scope = sentence.In(SectionKind.FiscalAppropriation) || sentence.In(SectionKind.GovernmentFund) || label.Contains("财政拨款", StringComparison.Ordinal)
            ? Scope.Fiscal
            : Scope.Department;
        quantity = new Quantity(QuantityKind.FunctionClass, scope, path.Code);
        state.Item = quantity;
        return true;
    }

    private static bool MayNamePath(ReadOnlySpan<char> slice)
    {
        if (slice.Contains("类)", StringComparison.Ordinal) || slice.Contains("款)", StringComparison.Ordinal) || slice.Contains("项)", StringComparison.Ordinal)
            || slice.IndexOfAny('-', '—') >= 0)
        {
            return true;
        }

        // A 5- or 7-digit function code.
        var run = 0;
        foreach (var c in slice)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= 5)
            {
                return true;
            }
        }

        return false;
    }

    // Inside an item's paragraph: its execution figure and its budget, in the item's own words.
    private static Quantity? ItemFigure(string label, ExtractState state)
    {
        if (state.Item is not { } item)
        {
            return null;
        }

        if (label.Contains("执行数", StringComparison.Ordinal) || label.Contains("执行为", StringComparison.Ordinal))
        {
            return item with { Basis = Quantity.PriorActual };
        }

        return ItemBudget().IsMatch(label) ? PriorYear(item, label, state) : null;
    }

    /// <summary>
    /// "2025年一般公共预算财政拨款支出X元，比上年预算数Y元减少Z元" (渝北 2024): the figure after "比上年预算数" is the base of
    /// the comparison, the prior year's budget (or execution, "比2023年执行数…") of what the sentence just stated.
    /// </summary>
    private static Quantity? BaseOf(Quantity? stated, string label)
    {
        if (stated is not { Basis.Length: 0 } || !ComparisonBase().IsMatch(label))
        {
            return null;
        }

        var actual = label.Contains("执行", StringComparison.Ordinal) || label.Contains("决算", StringComparison.Ordinal);
        return stated with { Basis = actual ? Quantity.PriorActual : Quantity.PriorBudget };
    }

    /// <summary>
    /// "…住房公积金（项）2024年预算数900,000.00元，2025年预算数927,800.00元" (渝北 2024), "上年预算数…": a figure labelled
    /// with an earlier year's budget is that year's, stated for the comparison; only the budget year's is the row's.
    /// </summary>
    private static Quantity? PriorYear(Quantity? quantity, string label, ExtractState state)
    {
        if (quantity is null || quantity.Basis.Length > 0 || PriorBudgetLabel().Match(label) is not { Success: true } budget)
        {
            return quantity;
        }

        var year = budget.Groups["year"].Value;
        var prior = year == "上年" || (state.BudgetYear > 0 && int.Parse(year, CultureInfo.InvariantCulture) < state.BudgetYear);
        return prior ? quantity with { Basis = Quantity.PriorBudget } : quantity;
    }

    /// <summary>Half a unit of the last printed digit, in the figure's unit (万元 for 亿元).</summary>
    private static decimal HalfUnit(string printed, ReadOnlySpan<char> match)
    {
        var dot = printed.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : printed.Length - dot - 1;
        var half = 0.5m;
        for (var i = 0; i < decimals; i++)
        {
            half /= 10m;
        }

        return match.EndsWith("亿元") ? half * 10_000m : half;
    }

    private static Figure BindPercent(
        Sentence sentence, ValueMatch match, decimal value, string printed, decimal half, string label, int? direction, string subject, Quantity? lastQuantity, List<Figure> figures, int first)
    {
        if (direction is not null)
        {
            // "增长12.5%": the change of the named subject, or of the figure just before it.
            var classes = new List<(string, string)>();
            var fund = string.Empty;
            var parent = string.Empty;
            var quantity = FigureBinder.Bind(subject, sentence, FigureUnit.TenThousandYuan, classes, ref fund, ref parent) ?? lastQuantity;
            // "比2023年预算执行数增加…%": the base is the prior year's execution, not its budget.
            return new Figure(sentence, match.Index, match.Length, value, FigureUnit.Percent, printed, label, FigureRole.Change, direction, quantity)
            {
                HalfUnit = half,
                AgainstActual = label.Contains("执行", StringComparison.Ordinal),
            };
        }

        var of = label.IndexOf('占', StringComparison.Ordinal);
        if (of < 0)
        {
            // A percentage that is neither a change nor a share: left unbound, so it is reported, not ignored.
            return new Figure(sentence, match.Index, match.Length, value, FigureUnit.Percent, printed, label, FigureRole.Value, null, null) { HalfUnit = half };
        }

        Figure? numerator = null;
        for (var i = figures.Count - 1; i >= first && numerator is null; i--)
        {
            numerator = figures[i].Role == FigureRole.Value && figures[i].IsMoney ? figures[i] : null;
        }

        var baseText = label[(of + 1)..];
        var noFund = string.Empty;
        var noParent = string.Empty;
        var baseQuantity = baseText.Length > 1 && baseText != "比"
            ? FigureBinder.Bind(baseText, sentence, FigureUnit.TenThousandYuan, [], ref noFund, ref noParent)
            : null;
        Figure? baseFigure = null;
        for (var i = first; i < figures.Count && baseQuantity is null && baseFigure is null; i++)
        {
            baseFigure = figures[i].Role == FigureRole.Value && figures[i].IsMoney && figures[i] != numerator ? figures[i] : null;
        }

        return new Figure(sentence, match.Index, match.Length, value, FigureUnit.Percent, printed, label, FigureRole.Share, null, numerator?.Quantity)
        {
            HalfUnit = half,
            ShareOf = numerator,
            ShareBase = baseQuantity,
            ShareBaseFigure = baseFigure,
        };
    }

    /// <summary>A <see cref="Number"/> match split into the number as printed, its value and its unit.</summary>
    internal static (string Printed, decimal Value, FigureUnit Unit) ReadNumber(ReadOnlySpan<char> match)
    {
        var unitStart = match.IndexOfAnyExcept("0123456789.");
        var number = match[..unitStart];
        var value = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var (amount, unit) = match[unitStart..] switch
        {
            "亿元" => (value * 10_000m, FigureUnit.TenThousandYuan),
            "万元" or "万" => (value, FigureUnit.TenThousandYuan),
            "元" => (value, FigureUnit.Yuan),
            "%" => (value, FigureUnit.Percent),
            _ => (value, FigureUnit.Vehicles),
        };
        return (number.ToString(), amount, unit);
    }

    // The label is what sits between the last clause break (or the previous number) and this number.
    private static string LabelBefore(string text, int index, int previousEnd)
    {
        var start = previousEnd;
        for (var i = index - 1; i >= previousEnd; i--)
        {
            if ("，,;:。、!?".IndexOf(text[i], StringComparison.Ordinal) >= 0)
            {
                start = i + 1;
                break;
            }
        }

        var label = text[start..index];
        var trimmed = true;
        while (trimmed)
        {
            trimmed = false;
            foreach (var filler in LeadingFillers)
            {
                if (label.StartsWith(filler, StringComparison.Ordinal) && label.Length > filler.Length)
                {
                    label = label[filler.Length..];
                    trimmed = true;
                }
            }
        }

        return label;
    }

    private static int? DirectionOf(string label, out string subject)
    {
        subject = label;
        if (!DirectionAtEnd().IsMatch(label))
        {
            return null;
        }

        var match = DirectionAtEnd().Match(label);

        var word = match.Groups["word"].Value;
        var rest = label[..match.Index];
        // "收入较2024年增加", "比上年减少": the subject is what precedes 较/比; "比2024年增加" has none.
        var compare = Math.Max(rest.LastIndexOf('较'), rest.LastIndexOf('比'));
        subject = compare >= 0 ? rest[..compare] : rest;
        subject = LeadingReason().Replace(subject, string.Empty);
        if (NoSubject().IsMatch(subject))
        {
            subject = string.Empty;
        }

        return word is "减少" or "下降" or "降低" or "压减" or "缩减" or "降幅" or "减" ? -1 : 1;
    }
}
