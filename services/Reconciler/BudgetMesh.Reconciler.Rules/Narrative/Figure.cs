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

    /// <summary>Half a unit of the last printed digit, in <see cref="Unit"/>: how precisely the figure was printed.</summary>
    public decimal HalfUnit { get; init; }

    /// <summary>For a change: compared with the prior year's execution ("比2023年预算执行数增加"), not its budget.</summary>
    public bool AgainstActual { get; init; }

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
