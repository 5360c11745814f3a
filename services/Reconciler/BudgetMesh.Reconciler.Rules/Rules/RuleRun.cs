using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>
/// Collects one rule's findings and decides its outcome: FAIL when a finding above INFO was raised, REVIEW
/// when only unreadable inputs stopped it, NOT_APPLICABLE when nothing was there to check, PASS otherwise
/// (rounding notes may accompany a PASS).
/// </summary>
internal sealed class RuleRun(string ruleId, Severity severity)
{
    public const string Owner = "reconciler";
    public const string RoundingNote = "可能为取整误差";

    private readonly List<Finding> _findings = [];
    private bool _checked;
    private bool _failed;
    private bool _review;
    private string _note = string.Empty;

    public string RuleId { get; } = ruleId;

    public Severity Severity { get; } = severity;

    /// <summary>Marks that the rule found something to check.</summary>
    public void Checked() => _checked = true;

    /// <summary>Records a problem of the rule's own severity (or another one, e.g. a lesser case).</summary>
    public void Fail(string message, IEnumerable<Location> locations, Severity? severity = null, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "")
    {
        _checked = true;
        var level = severity ?? Severity;
        if (level != Severity.Info)
        {
            _failed = true;
        }

        _findings.Add(Build(level, message, locations, expected, actual, difference, tolerance, unit));
    }

    /// <summary>An input the rule needs cannot be read: never read as 0, the outcome becomes REVIEW.</summary>
    public void Review(string message, IEnumerable<Location> locations, string actual = "")
    {
        _review = true;
        _findings.Add(Build(Severity.Warning, message, locations, string.Empty, actual, string.Empty, string.Empty, string.Empty));
    }

    /// <summary>Why the rule does not apply (kept when nothing was checked).</summary>
    public void NotApplicable(string note) => _note = note;

    /// <summary>
    /// Compares a printed figure with the sum of printed figures. Inside the rounding envelope of rules.md a
    /// difference is an INFO rounding note; outside it a finding of the rule's severity.
    /// </summary>
    public void CheckSum(string what, Amount printed, Location printedAt, IReadOnlyList<(Amount Value, Location At)> terms, AmountUnit unit)
    {
        var unreadable = terms.Where(t => t.Value.IsUnparseable).Select(t => t.At).ToList();
        if (printed.IsUnparseable)
        {
            unreadable.Insert(0, printedAt);
        }

        if (unreadable.Count > 0)
        {
            Review($"{what}：有单元格无法识别为数字，无法核对。", unreadable, printed.IsUnparseable ? printed.Printed ?? string.Empty : string.Join("、", terms.Where(t => t.Value.IsUnparseable).Select(t => t.Value.Printed)));
            return;
        }

        if (printed.IsBlank && terms.All(t => t.Value.IsBlank))
        {
            return;
        }

        _checked = true;
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
        Fail(message, locations, inside ? Severity.Info : null, Fmt(sum), Format(printed), Fmt(difference), Fmt(envelope), unitName);
    }

    /// <summary>
    /// What <see cref="CheckSum"/> decides in the usual case, without building its message and locations: true
    /// when every cell is readable and the printed figure is exactly the sum of the terms (then marked checked
    /// unless every cell is blank, as CheckSum does); false when CheckSum has to run because it may report something.
    /// </summary>
    public bool AddsUp(Amount printed, ReadOnlySpan<Amount> terms)
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

        _checked = true;
        return true;
    }

    /// <summary>
    /// What <see cref="CheckSame"/> decides in the usual case, without building its message and locations: true when
    /// both cells are readable and agree exactly after conversion (marked checked unless both are blank, as CheckSame
    /// does); false when CheckSame has to run because it may report something.
    /// </summary>
    public bool Agrees(Amount actual, AmountUnit actualUnit, Amount expected, AmountUnit expectedUnit)
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

        _checked = true;
        return true;
    }

    /// <summary>
    /// Compares two printed figures of the same quantity (e.g. a cross-table tie), after converting
    /// <paramref name="actual"/> to the reference's unit. Same unit: they must be equal; different units: within
    /// the narrative tolerance of the reference unit.
    /// </summary>
    public void CheckSame(string what, Amount actual, AmountUnit actualUnit, Location actualAt, Amount expected, AmountUnit expectedUnit, Location expectedAt)
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

            Review($"{what}：有单元格无法识别为数字，无法核对。", bad, actual.IsUnparseable ? actual.Printed ?? string.Empty : expected.Printed ?? string.Empty);
            return;
        }

        if (actual.IsBlank && expected.IsBlank)
        {
            return;
        }

        _checked = true;
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
        Fail(message, [actualAt, expectedAt], inside ? Severity.Info : null, Fmt(reference), Fmt(converted), Fmt(difference), Fmt(tolerance), unitName);
    }

    public RuleResult Result()
    {
        var outcome = _failed ? Outcome.Fail
            : _review ? Outcome.Review
            : _checked ? Outcome.Pass
            : Outcome.NotApplicable;
        var result = new RuleResult
        {
            RuleId = RuleId,
            Outcome = outcome,
            Owner = Owner,
            Note = outcome switch
            {
                Outcome.NotApplicable => _note.Length > 0 ? _note : "本包无可核对的数据。",
                Outcome.Review => "有输入单元格无法识别，需人工核对。",
                _ => string.Empty,
            },
        };
        result.Findings.AddRange(_findings);
        return result;
    }

    public static string Fmt(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Format(Amount amount) => amount.State switch
    {
        CellState.Number => Fmt(amount.Value),
        CellState.Blank => "（空）",
        _ => $"“{amount.Printed}”",
    };

    private Finding Build(Severity level, string message, IEnumerable<Location> locations, string expected, string actual, string difference, string tolerance, string unit)
    {
        var finding = new Finding
        {
            RuleId = RuleId,
            Severity = level,
            Message = message,
            Expected = expected,
            Actual = actual,
            Difference = difference,
            Tolerance = tolerance,
            Unit = unit,
        };
        finding.Locations.AddRange(locations);
        return finding;
    }
}

/// <summary>Builds <see cref="Location"/>s the same way everywhere.</summary>
internal static class At
{
    public static Location Cell(TableKey table, CodedRow row, string column) => Cell(table, row.Code, row.RowIndex, column);

    public static Location Cell(TableKey table, string rowCode, int rowIndex, string column, string label = "") => new()
    {
        Table = table,
        RowCode = rowCode,
        Column = column,
        RowIndex = rowIndex,
        Label = label.Length > 0 ? label : rowIndex < 0 && rowCode.Length == 0 ? "合计行" : string.Empty,
    };

    public static Location Labeled(TableKey table, string column, string label, int rowIndex = -1) => new()
    {
        Table = table,
        Column = column,
        RowIndex = rowIndex,
        Label = label,
    };

    public static Location Table(TableKey table, string label = "") => new() { Table = table, RowIndex = -1, Label = label };

    /// <summary>How a row is named in a message: "合计行" or "201 一般公共服务支出".</summary>
    public static string RowName(CodedRow row) => row.RowIndex < 0 ? "合计行" : $"{row.Code} {row.Name.Trim()}";
}
