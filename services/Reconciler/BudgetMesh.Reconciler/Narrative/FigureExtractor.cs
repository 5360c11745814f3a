using System.Globalization;
using System.Text.RegularExpressions;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>The unit a narrative figure is printed in.</summary>
internal enum FigureUnit
{
    /// <summary>万元 (亿元 is converted to 万元).</summary>
    TenThousandYuan,

    /// <summary>元.</summary>
    Yuan,

    /// <summary>%.</summary>
    Percent,

    /// <summary>辆.</summary>
    Vehicles,
}

/// <summary>How a figure relates to its quantity.</summary>
internal enum FigureRole
{
    /// <summary>The quantity's amount ("基本支出 1802.64 万元").</summary>
    Value,

    /// <summary>A year-on-year change ("比 2024 年增加 722.06 万元", "下降12.5%").</summary>
    Change,

    /// <summary>A share ("占 67.1%").</summary>
    Share,
}

/// <summary>One number found in the narrative, with what it was bound to.</summary>
/// <param name="Sentence">The sentence it is printed in.</param>
/// <param name="Start">Start in the sentence's normalised text.</param>
/// <param name="Length">Length in the sentence's normalised text (number and unit).</param>
/// <param name="Value">The value in <paramref name="Unit"/> (亿元 already converted to 万元).</param>
/// <param name="Unit">The printed unit.</param>
/// <param name="Printed">The number as printed, normalised (e.g. "96.6").</param>
/// <param name="Label">The words before the number that name it, normalised.</param>
/// <param name="Role">Value, change or share.</param>
/// <param name="Direction">For a change: +1 增加/增长, −1 减少/下降, 0 持平; null otherwise.</param>
/// <param name="Quantity">What it was bound to; null when it could not be bound.</param>
internal sealed record Figure(
    Sentence Sentence,
    int Start,
    int Length,
    decimal Value,
    FigureUnit Unit,
    string Printed,
    string Label,
    FigureRole Role,
    int? Direction,
    Quantity? Quantity)
{
    /// <summary>For a share: the figure whose share is stated.</summary>
    public Figure? ShareOf { get; init; }

    /// <summary>For a share: the quantity it is a share of, when the sentence names it ("占支出总额的").</summary>
    public Quantity? ShareBase { get; init; }

    /// <summary>For a share without a named base: the sentence's first amount, the whole the parts are of.</summary>
    public Figure? ShareBaseFigure { get; init; }

    /// <summary>The amount in 万元 (for amounts only).</summary>
    public decimal InTenThousand => Unit == FigureUnit.Yuan ? Value / 10_000m : Value;

    /// <summary>The number with its unit, as a message shows it.</summary>
    public string Text => Printed + UnitText;

    /// <summary>The unit as printed in messages.</summary>
    public string UnitText => Unit switch
    {
        FigureUnit.TenThousandYuan => "万元",
        FigureUnit.Yuan => "元",
        FigureUnit.Percent => "%",
        _ => "辆",
    };

    /// <summary>Whether the figure is an amount of money.</summary>
    public bool IsMoney => Unit is FigureUnit.TenThousandYuan or FigureUnit.Yuan;
}

/// <summary>Finds every amount, percentage and vehicle count in the narrative and binds it to a quantity.</summary>
internal static partial class FigureExtractor
{
    // A match is the number (digits, at most one '.' inside) followed by its unit, which never starts with a digit or '.'.
    [GeneratedRegex(@"(?<![0-9.])(?<num>[0-9]+(?:\.[0-9]+)?)(?<unit>亿元|万元|元|万(?![人户个件次名])|%|辆)", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<word>增加|增长|上升|提高|增|减少|下降|降低|减)(?:了|约|为)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectionAtEnd();

    [GeneratedRegex(@"^(主要是|主要原因是|主要为|其中)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingReason();

    [GeneratedRegex(@"^([0-9]{4}年|上年|同期|上年度|与)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NoSubject();

    [GeneratedRegex(@"^([0-9]{4}年)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YearOnly();

    private static readonly string[] LeadingFillers = ["其中", "主要是", "主要原因是", "主要为", "主要用于", "分别为", "即", "共计", "合计", "共"];

    /// <summary>All figures of the document, in printed order.</summary>
    public static IReadOnlyList<Figure> Extract(NarrativeDocument document, IEnumerable<(string Code, string Name)> printedClasses)
    {
        var classes = printedClasses.ToList();
        var figures = new List<Figure>();
        foreach (var sentence in document.Sentences)
        {
            // Headings and the contact/annex lines carry years and item numbers, never amounts.
            if (sentence.Top is SectionKind.Annexes or SectionKind.Contact)
            {
                continue;
            }

            figures.AddRange(ExtractSentence(sentence, classes));
        }

        return figures;
    }

    private static List<Figure> ExtractSentence(Sentence sentence, List<(string Code, string Name)> classes)
    {
        var result = new List<Figure>();
        var text = sentence.Norm;
        var previousEnd = 0;
        Quantity? lastQuantity = null;
        var procurementFund = string.Empty;
        var vehicleParent = string.Empty;
        foreach (var match in Number().EnumerateMatches(text))
        {
            var label = LabelBefore(text, match.Index, previousEnd);
            previousEnd = match.Index + match.Length;
            var (printed, value, unit) = ReadNumber(text.AsSpan(match.Index, match.Length));
            var direction = DirectionOf(label, out var subject);

            Figure figure;
            if (unit == FigureUnit.Percent)
            {
                figure = BindPercent(sentence, match, value, printed, label, direction, subject, lastQuantity, result);
            }
            else if (direction is not null)
            {
                var quantity = Bind(subject, sentence, unit, classes, ref procurementFund, ref vehicleParent) ?? lastQuantity;
                figure = new Figure(sentence, match.Index, match.Length, value, unit, printed, label, FigureRole.Change, direction, quantity);
            }
            else
            {
                var quantity = Bind(label, sentence, unit, classes, ref procurementFund, ref vehicleParent);
                figure = new Figure(sentence, match.Index, match.Length, value, unit, printed, label, FigureRole.Value, null, quantity);
                lastQuantity = quantity ?? lastQuantity;
            }

            result.Add(figure);
        }

        return result;
    }

    private static Figure BindPercent(
        Sentence sentence, ValueMatch match, decimal value, string printed, string label, int? direction, string subject, Quantity? lastQuantity, List<Figure> before)
    {
        if (direction is not null)
        {
            // "增长12.5%": the change of the named subject, or of the figure just before it.
            var classes = new List<(string, string)>();
            var fund = string.Empty;
            var parent = string.Empty;
            var quantity = Bind(subject, sentence, FigureUnit.TenThousandYuan, classes, ref fund, ref parent) ?? lastQuantity;
            return new Figure(sentence, match.Index, match.Length, value, FigureUnit.Percent, printed, label, FigureRole.Change, direction, quantity);
        }

        var of = label.IndexOf('占', StringComparison.Ordinal);
        if (of < 0)
        {
            // A percentage that is neither a change nor a share: left unbound, so it is reported, not ignored.
            return new Figure(sentence, match.Index, match.Length, value, FigureUnit.Percent, printed, label, FigureRole.Value, null, null);
        }

        var numerator = before.LastOrDefault(f => f.Role == FigureRole.Value && f.IsMoney);
        var baseText = label[(of + 1)..];
        var noFund = string.Empty;
        var noParent = string.Empty;
        var baseQuantity = baseText.Length > 1 && baseText != "比"
            ? Bind(baseText, sentence, FigureUnit.TenThousandYuan, [], ref noFund, ref noParent)
            : null;
        var baseFigure = baseQuantity is null ? before.FirstOrDefault(f => f.Role == FigureRole.Value && f.IsMoney && f != numerator) : null;
        return new Figure(sentence, match.Index, match.Length, value, FigureUnit.Percent, printed, label, FigureRole.Share, null, numerator?.Quantity)
        {
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

        return word is "减少" or "下降" or "降低" or "减" ? -1 : 1;
    }

    /// <summary>Binds a label to a quantity; null when the label names nothing this checker knows.</summary>
    private static Quantity? Bind(
        string label, Sentence sentence, FigureUnit unit, List<(string Code, string Name)> classes, ref string procurementFund, ref string vehicleParent)
    {
        var scope = sentence.In(SectionKind.FiscalAppropriation) || sentence.In(SectionKind.GovernmentFund) || label.Contains("财政拨款", StringComparison.Ordinal)
            ? Scope.Fiscal
            : Scope.Department;

        if (unit == FigureUnit.Vehicles)
        {
            return BindVehicles(label, ref vehicleParent);
        }

        if (sentence.In(SectionKind.ThreePublic) || ContainsAny(label, "三公", "因公出国", "公务接待", "公务用车"))
        {
            return new Quantity(QuantityKind.ThreePublic, scope);
        }

        if (sentence.In(SectionKind.Performance) || ContainsAny(label, "绩效") || ContainsAny(sentence.Norm, "绩效目标管理", "绩效管理"))
        {
            return new Quantity(QuantityKind.PerformanceCoverage, scope);
        }

        if (ContainsAny(label, "运行经费", "机关运行"))
        {
            return new Quantity(QuantityKind.AgencyOperating, Scope.Fiscal);
        }

        if (label.Contains("采购", StringComparison.Ordinal) || (sentence.In(SectionKind.Procurement) && ContainsAny(label, "货物", "工程", "服务")))
        {
            if (label.Contains("一般公共预算", StringComparison.Ordinal))
            {
                procurementFund = "general_budget";
            }

            var kind = label.Contains("货物", StringComparison.Ordinal) ? "goods"
                : label.Contains("工程", StringComparison.Ordinal) ? "works"
                : label.Contains("服务", StringComparison.Ordinal) ? "services"
                : string.Empty;
            return new Quantity(QuantityKind.Procurement, Scope.Department, kind, procurementFund);
        }

        if (FunctionClasses.Find(label, classes) is { } cls)
        {
            return new Quantity(QuantityKind.FunctionClass, scope, cls.Code);
        }

        if (label.Contains("基本支出", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.Basic, scope);
        }

        if (label.Contains("项目支出", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.Project, scope);
        }

        if (label.Contains("人员经费", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.Personnel, Scope.Fiscal);
        }

        if (label.Contains("公用经费", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.PublicUse, Scope.Fiscal);
        }

        var spending = label.Contains("支出", StringComparison.Ordinal);
        foreach (var (keyword, fund) in Funds)
        {
            if (label.Contains(keyword, StringComparison.Ordinal))
            {
                return spending
                    ? new Quantity(QuantityKind.ExpenditureByFund, Scope.Fiscal, fund)
                    : new Quantity(QuantityKind.IncomeBySource, scope, fund);
            }
        }

        foreach (var (keyword, source) in Sources)
        {
            if (label.Contains(keyword, StringComparison.Ordinal))
            {
                return new Quantity(QuantityKind.IncomeBySource, Scope.Department, source);
            }
        }

        if (label.Contains("收入", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.IncomeTotal, scope);
        }

        if (spending)
        {
            return new Quantity(QuantityKind.ExpenditureTotal, scope);
        }

        if (label.Contains("拨款", StringComparison.Ordinal))
        {
            // "经费拨款增加 66.62 万元": appropriation without a fund is the 一般公共预算 money.
            return new Quantity(QuantityKind.IncomeBySource, scope, "general_budget");
        }

        // "2025年年初预算数 2686.02 万元" takes its side from the sub-heading it is printed under.
        if (ContainsAny(label, "预算数", "预算总额", "总计", "合计", "总额") || YearOnly().IsMatch(label))
        {
            if (sentence.Sub == SectionKind.IncomeBudget)
            {
                return new Quantity(QuantityKind.IncomeTotal, Scope.Department);
            }

            if (sentence.Sub == SectionKind.ExpenditureBudget)
            {
                return new Quantity(QuantityKind.ExpenditureTotal, Scope.Department);
            }
        }

        return null;
    }

    private static readonly (string Keyword, string Fund)[] Funds =
    [
        ("一般公共预算", "general_budget"),
        ("政府性基金", "government_fund"),
        ("国有资本经营", "state_capital"),
    ];

    // 事业单位经营收入 before 事业收入: the longer name contains neither the other, but "经营收入" must not fall to 收入.
    private static readonly (string Keyword, string Source)[] Sources =
    [
        ("事业单位经营收入", "operating_income"),
        ("经营收入", "operating_income"),
        ("事业收入", "institution_income"),
        ("财政专户", "fiscal_special_account"),
        ("上级补助", "superior_subsidy"),
        ("附属单位上缴", "subordinate_remittance"),
        ("上年结转", "carryover"),
        ("其他收入", "other_income"),
    ];

    private static Quantity? BindVehicles(string label, ref string parent)
    {
        if (label.Contains("购置", StringComparison.Ordinal))
        {
            parent = "purchase";
        }
        else if (ContainsAny(label, "共有", "车辆", "实有", "占有"))
        {
            parent = "held";
        }

        if (parent.Length == 0)
        {
            return null;
        }

        var kind = label.Contains("一般公务用车", StringComparison.Ordinal) ? "/general"
            : label.Contains("执勤执法", StringComparison.Ordinal) ? "/enforcement"
            : label.Contains("特种专业技术", StringComparison.Ordinal) ? "/special"
            : string.Empty;
        return new Quantity(QuantityKind.Vehicles, Scope.Department, parent + kind);
    }

    private static bool ContainsAny(string text, params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
