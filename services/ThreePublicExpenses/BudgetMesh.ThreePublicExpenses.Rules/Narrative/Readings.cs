using System.Globalization;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Narrative;

internal enum ChangeDirection
{
    Increase,
    Decrease,
    Flat,
}

/// <summary>An amount as the narrative states it, in the unit it prints (or the package's when it prints none).</summary>
internal sealed record StatedAmount(decimal Value, AmountUnit Unit)
{
    public decimal InTenThousand => Units.ToTenThousand(Value, Unit);

    // As printed ("0.6万元", not "0.60万元"): messages quote the narrative.
    public override string ToString() => $"{Value.ToString(CultureInfo.InvariantCulture)}{Units.Name(Unit)}";
}

/// <summary>A prior-year comparison: the direction word as printed and the amount that follows it.</summary>
internal sealed record StatedChange(ChangeDirection Direction, string Word, StatedAmount Amount)
{
    public decimal SignedInTenThousand => Direction switch
    {
        ChangeDirection.Increase => Amount.InTenThousand,
        ChangeDirection.Decrease => -Amount.InTenThousand,
        _ => 0m,
    };

    public override string ToString() => Direction == ChangeDirection.Flat ? Word : $"{Word}{Amount}";
}

/// <summary>
/// What the narrative says about one 三公 item: the amount, the change against the prior year and its
/// reason. <see cref="AmountProblem"/> or <see cref="ChangeProblem"/> say why a part could not be read.
/// </summary>
internal sealed record ItemStatement(
    ThreePublicItem Item,
    TextSpan Span,
    string Sentence,
    StatedAmount? Amount,
    string? AmountProblem,
    StatedChange? Change,
    string? ChangeProblem,
    string? Reason,
    bool ReasonMarkerWithoutText);

/// <summary>The 三公 section as read: whether it was found, and the statements in printed order.</summary>
internal sealed record ThreePublicReading(TextSpan? Section, IReadOnlyList<ItemStatement> Statements)
{
    public bool SectionFound => Section is not null;

    /// <summary>The first statement about <paramref name="item"/>, or null when the narrative does not state it.</summary>
    public ItemStatement? Find(ThreePublicItem item) => Statements.FirstOrDefault(s => s.Item == item);
}

/// <summary>A vehicle count of the 国有资产 sentence, or why it could not be read.</summary>
internal sealed record VehicleCount(int? Count, TextSpan Span, string Sentence, string? Problem);

/// <summary>
/// The 国有资产 vehicle sentence: vehicles held (共有车辆 N 辆) and to be bought with the budget
/// (购置车辆 N 辆); each null when the narrative does not say.
/// </summary>
internal sealed record VehicleReading(TextSpan? Section, VehicleCount? Held, VehicleCount? ToBuy);
