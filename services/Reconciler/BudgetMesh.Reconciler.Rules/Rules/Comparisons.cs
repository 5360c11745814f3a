using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>
/// The table rules' comparisons of printed figures, recorded on the one outcome builder (<see cref="RuleRun"/>):
/// a sum against its printed total within the rounding envelope, two printings of one quantity across tables.
/// </summary>
internal static class Comparisons
{
    /// <summary>The owner of the reconciler's rules in a report.</summary>
    public const string Owner = "reconciler";

    public const string RoundingNote = "可能为取整误差";

    /// <summary>A run of one of the reconciler's rules: unreadable cells make it a REVIEW with the one note for that.</summary>
    public static RuleRun Start(string ruleId, Severity severity) => new(ruleId, Owner, severity) { ReviewNote = RuleRun.UnreadableNote };

    /// <summary>
    /// Compares a printed figure with the sum of printed figures. Inside the rounding envelope of rules.md a
    /// difference is an INFO rounding note; outside it a finding of the rule's severity.
    /// </summary>
    public static void CheckSum(this RuleRun run, string what, Amount printed, Location printedAt, IReadOnlyList<(Amount Value, Location At)> terms, AmountUnit unit)
    {
        var unreadable = terms.Where(t => t.Value.IsUnparseable).Select(t => t.At).ToList();
        if (printed.IsUnparseable)
        {
            unreadable.Insert(0, printedAt);
        }

        if (unreadable.Count > 0)
        {
            run.Review($"{what}：有单元格无法识别为数字，无法核对。", unreadable, printed.IsUnparseable ? printed.Printed ?? string.Empty : string.Join("、", terms.Where(t => t.Value.IsUnparseable).Select(t => t.Value.Printed)));
            return;
        }

        if (printed.IsBlank && terms.All(t => t.Value.IsBlank))
        {
            return;
        }

        run.Checked();
        var sum = terms.Sum(t => t.Value.ValueOrZero ?? 0m);
        var actual = printed.ValueOrZero ?? 0m;
        var difference = actual - sum;
        if (difference == 0m)
        {
            return;
        }

        var envelope = Units.RoundingEnvelope(terms.Count(t => t.Value.IsNumber));
        var unitName = Units.Name(unit);
        var locations = new List<Location> { printedAt };
        locations.AddRange(terms.Select(t => t.At));
        var inside = Math.Abs(difference) <= envelope;
        var message = inside
            ? $"{what}：印为 {Format(printed)} {unitName}，各项之和为 {Fmt(sum)} {unitName}，相差 {Fmt(difference)} {unitName}，在取整容差 {Fmt(envelope)} 以内，{RoundingNote}。"
            : $"{what}：印为 {Format(printed)} {unitName}，各项之和为 {Fmt(sum)} {unitName}，相差 {Fmt(difference)} {unitName}（容差 {Fmt(envelope)}）。";
        if (inside)
        {
            run.Info(message, locations, Fmt(sum), Format(printed), Fmt(difference), Fmt(envelope), unitName);
        }
        else
        {
            run.Fail(message, locations, Fmt(sum), Format(printed), Fmt(difference), Fmt(envelope), unitName);
        }
    }

    /// <summary>
    /// What <see cref="CheckSum"/> decides in the usual case, without building its message and locations: true
    /// when every cell is readable and the printed figure is exactly the sum of the terms (then marked checked
    /// unless every cell is blank, as CheckSum does); false when CheckSum has to run because it may report something.
    /// </summary>
    public static bool AddsUp(this RuleRun run, Amount printed, ReadOnlySpan<Amount> terms)
    {
        if (printed.IsUnparseable)
        {
            return false;
        }

        var sum = 0m;
        var allBlank = printed.IsBlank;
        foreach (var term in terms)
        {
            if (term.IsUnparseable)
            {
                return false;
            }

            allBlank &= term.IsBlank;
            sum += term.ValueOrZero ?? 0m;
        }

        if (allBlank)
        {
            return true;
        }

        if ((printed.ValueOrZero ?? 0m) - sum != 0m)
        {
            return false;
        }

        run.Checked();
        return true;
    }

    /// <summary>
    /// What <see cref="CheckSame"/> decides in the usual case, without building its message and locations: true when
    /// both cells are readable and agree exactly after conversion (marked checked unless both are blank, as CheckSame
    /// does); false when CheckSame has to run because it may report something.
    /// </summary>
    public static bool Agrees(this RuleRun run, Amount actual, AmountUnit actualUnit, Amount expected, AmountUnit expectedUnit)
    {
        if (actual.IsUnparseable || expected.IsUnparseable)
        {
            return false;
        }

        if (actual.IsBlank && expected.IsBlank)
        {
            return true;
        }

        if (Units.Convert(actual.ValueOrZero ?? 0m, actualUnit, expectedUnit) - (expected.ValueOrZero ?? 0m) != 0m)
        {
            return false;
        }

        run.Checked();
        return true;
    }

    /// <summary>
    /// Compares two printed figures of the same quantity (e.g. a cross-table tie), after converting
    /// <paramref name="actual"/> to the reference's unit. Same unit: they must be equal; different units: within
    /// the narrative tolerance of the reference unit.
    /// </summary>
    public static void CheckSame(this RuleRun run, string what, Amount actual, AmountUnit actualUnit, Location actualAt, Amount expected, AmountUnit expectedUnit, Location expectedAt)
    {
        if (actual.IsUnparseable || expected.IsUnparseable)
        {
            var bad = new List<Location>();
            if (actual.IsUnparseable)
            {
                bad.Add(actualAt);
            }

            if (expected.IsUnparseable)
            {
                bad.Add(expectedAt);
            }

            run.Review($"{what}：有单元格无法识别为数字，无法核对。", bad, actual.IsUnparseable ? actual.Printed ?? string.Empty : expected.Printed ?? string.Empty);
            return;
        }

        if (actual.IsBlank && expected.IsBlank)
        {
            return;
        }

        run.Checked();
        var converted = Units.Convert(actual.ValueOrZero ?? 0m, actualUnit, expectedUnit);
        var reference = expected.ValueOrZero ?? 0m;
        var difference = converted - reference;
        if (difference == 0m)
        {
            return;
        }

        var tolerance = actualUnit == expectedUnit ? 0m : Units.NarrativeTolerance(expectedUnit);
        var unitName = Units.Name(expectedUnit);
        var inside = Math.Abs(difference) <= tolerance;
        var shown = actualUnit == expectedUnit ? Format(actual) : $"{Format(actual)} {Units.Name(actualUnit)}（折合 {Fmt(converted)} {unitName}）";
        var message = inside
            ? $"{what}：{shown}，对应数为 {Format(expected)} {unitName}，相差 {Fmt(difference)} {unitName}，在换算容差以内，{RoundingNote}。"
            : $"{what}：印为 {shown}{(actualUnit == expectedUnit ? " " + unitName : string.Empty)}，应与 {Format(expected)} {unitName} 一致，相差 {Fmt(difference)} {unitName}。";
        if (inside)
        {
            run.Info(message, [actualAt, expectedAt], Fmt(reference), Fmt(converted), Fmt(difference), Fmt(tolerance), unitName);
        }
        else
        {
            run.Fail(message, [actualAt, expectedAt], Fmt(reference), Fmt(converted), Fmt(difference), Fmt(tolerance), unitName);
        }
    }

    public static string Fmt(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Format(Amount amount) => amount.State switch
    {
        CellState.Number => Fmt(amount.Value),
        CellState.Blank => "（空）",
        _ => $"“{amount.Printed}”",
    };
}
