namespace BudgetMesh.Contracts.Report.V1;

/// <summary>
/// The one outcome builder of every rule owner (Reconciler, Classification, 三公, 绩效目标): a rule records what it
/// checked and found here, and <see cref="Result"/> decides the outcome the same way for all of them — FAIL when a
/// problem was recorded, REVIEW when only inputs it could not read or statements it could not check stood in the way
/// (never a pass), PASS when something was checked and held (hints may ride along), NOT_APPLICABLE when there was
/// nothing to check. The result is the report's own <see cref="RuleResult"/>, so no owner maps results to the wire.
/// </summary>
public sealed class RuleRun
{
    /// <summary>The REVIEW note of a rule that met cells it could not read.</summary>
    public const string UnreadableNote = "有输入单元格无法识别，需人工核对。";

    /// <summary>The NOT_APPLICABLE note when the rule gave no reason of its own.</summary>
    public const string NothingToCheckNote = "本包无可核对的数据。";

    private readonly List<Finding> _findings = [];
    private readonly List<Finding> _reviews = [];
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _seen = [];
    private bool _checked;
    private bool _failed;
    private bool _review;
    private string _notApplicable = string.Empty;

    /// <summary>A run of rule <paramref name="ruleId"/> of <paramref name="owner"/>, whose problems are <paramref name="severity"/> unless said otherwise.</summary>
    public RuleRun(string ruleId, string owner, Severity severity = Severity.Error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        RuleId = ruleId;
        Owner = owner;
        Severity = severity;
    }

    /// <summary>The stable rule id every finding carries.</summary>
    public string RuleId { get; }

    /// <summary>The service that owns the rule (reconciler, classification, three-public, performance).</summary>
    public string Owner { get; }

    /// <summary>The severity of the rule's problems when a call does not say otherwise.</summary>
    public Severity Severity { get; }

    /// <summary>The note of a REVIEW outcome, ahead of the rule's own notes (e.g. <see cref="UnreadableNote"/>).</summary>
    public string ReviewNote { get; init; } = string.Empty;

    /// <summary>How many findings (problems, hints and reviews) were recorded so far.</summary>
    public int FindingCount => _findings.Count + _reviews.Count;

    /// <summary>Whether a problem was recorded so far.</summary>
    public bool HasFailed => _failed;

    /// <summary>Marks that the rule found something to check (a PASS unless a problem follows).</summary>
    public void Checked() => _checked = true;

    /// <summary>Records a finding: an ERROR or WARNING fails the rule, an INFO (a rounding note, a hint) rides along.</summary>
    public void Add(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Severity is Severity.Error or Severity.Warning)
        {
            Fail(finding);
            return;
        }

        _checked = true;
        Keep(_findings, finding);
    }

    /// <summary>
    /// Records a problem that fails the rule whatever the finding's severity (an owner may call a mismatch a failure
    /// and still rate it INFO, e.g. R15 for a department with 事业单位).
    /// </summary>
    public void Fail(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        _checked = true;
        _failed = true;
        Keep(_findings, finding);
    }

    /// <summary>Records a problem of the rule's severity (or <paramref name="severity"/>).</summary>
    public void Fail(string message, IEnumerable<Location> locations, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "", Severity? severity = null) =>
        Fail(Findings.Of(severity ?? Severity, message, locations, expected, actual, difference, tolerance, unit));

    /// <summary>Records a problem at one place.</summary>
    public void Fail(string message, Location location, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "", Severity? severity = null) =>
        Fail(message, [location], expected, actual, difference, tolerance, unit, severity);

    /// <summary>Records an INFO that does not fail the rule (a difference inside the rounding envelope).</summary>
    public void Info(string message, IEnumerable<Location> locations, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "") =>
        Add(Findings.Of(Severity.Info, message, locations, expected, actual, difference, tolerance, unit));

    /// <summary>An input the rule needs cannot be read or judged: never read as 0 and never a pass; the outcome becomes REVIEW.</summary>
    public void Review(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        _review = true;
        Keep(_reviews, finding);
    }

    /// <summary>A WARNING naming the input the rule could not read (REVIEW).</summary>
    public void Review(string message, IEnumerable<Location> locations, string actual = "") =>
        Review(Findings.Of(Severity.Warning, message, locations, actual: actual));

    /// <summary>A WARNING naming the one input the rule could not read (REVIEW).</summary>
    public void Review(string message, Location location, string actual = "") => Review(message, [location], actual);

    /// <summary>Something the rule could not check, said in the note only: the outcome becomes REVIEW.</summary>
    public void Unchecked(string note)
    {
        _review = true;
        Note(note);
    }

    /// <summary>A note the result carries whatever its outcome (why part of the input was not judged); kept once.</summary>
    public void Note(string note)
    {
        if (note.Length > 0 && !_notes.Contains(note))
        {
            _notes.Add(note);
        }
    }

    /// <summary>Why the rule does not apply; shown only when nothing was checked (the last reason given wins).</summary>
    public void NotApplicable(string note) => _notApplicable = note;

    /// <summary>The rule's result: problems and hints in the order found, then the inputs left for review.</summary>
    public RuleResult Result(string notApplicable = "")
    {
        var outcome = _failed ? Outcome.Fail
            : _review ? Outcome.Review
            : _checked ? Outcome.Pass
            : Outcome.NotApplicable;
        var notes = outcome switch
        {
            Outcome.NotApplicable when _notes.Count == 0 => [FirstOf(_notApplicable, notApplicable, NothingToCheckNote)],
            Outcome.Review when ReviewNote.Length > 0 => [ReviewNote, .. _notes],
            _ => _notes,
        };
        var result = new RuleResult { RuleId = RuleId, Outcome = outcome, Owner = Owner, Note = string.Join("；", notes) };
        result.Findings.AddRange(_findings);
        result.Findings.AddRange(_reviews);
        return result;
    }

    /// <summary>A rule that does not apply at all, with the reason.</summary>
    public static RuleResult NotApplicableResult(string ruleId, string owner, string note) =>
        new() { RuleId = ruleId, Outcome = Outcome.NotApplicable, Owner = owner, Note = note };

    /// <summary>A rule that could not run at all (an input is missing), with the reason: REVIEW, never a pass.</summary>
    public static RuleResult ReviewResult(string ruleId, string owner, string note) =>
        new() { RuleId = ruleId, Outcome = Outcome.Review, Owner = owner, Note = note };

    private void Keep(List<Finding> into, Finding finding)
    {
        finding.RuleId = RuleId;

        // The same finding twice (one sentence read by two patterns, one cell reached twice) is kept once.
        if (_seen.Add(finding.Message + "\u0001" + finding.Locations))
        {
            into.Add(finding);
        }
    }

    private static string FirstOf(params string[] notes) => notes.First(n => n.Length > 0);
}

/// <summary>Builds a <see cref="Finding"/> the same way for every rule owner (the rule id is set when it is recorded).</summary>
public static class Findings
{
    /// <summary>A finding of <paramref name="severity"/> with its message, places and compared values.</summary>
    public static Finding Of(Severity severity, string message, IEnumerable<Location> locations, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "")
    {
        var finding = new Finding
        {
            Severity = severity,
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
