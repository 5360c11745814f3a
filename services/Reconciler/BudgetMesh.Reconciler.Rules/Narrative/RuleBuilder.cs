using System.Globalization;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>Collects one rule's checks and findings and turns them into a <see cref="RuleResult"/>.</summary>
internal sealed class RuleBuilder(string ruleId)
{
    private readonly List<Finding> failures = [];
    private readonly List<Finding> reviews = [];
    private readonly List<string> notes = [];
    private readonly HashSet<string> seen = [];
    private int checks;

    public string RuleId { get; } = ruleId;

    /// <summary>Records that something was checked (and held unless a failure follows).</summary>
    public void Checked() => checks++;

    /// <summary>Adds a problem; identical findings (same message) are kept once.</summary>
    public void Fail(Finding finding)
    {
        checks++;
        finding.RuleId = RuleId;
        if (seen.Add(finding.Message))
        {
            failures.Add(finding);
        }
    }

    /// <summary>Adds an input that could not be judged.</summary>
    public void Review(Finding finding)
    {
        finding.RuleId = RuleId;
        if (seen.Add(finding.Message))
        {
            reviews.Add(finding);
        }
    }

    /// <summary>Adds a note (why something was not checked).</summary>
    public void Note(string note)
    {
        if (!notes.Contains(note))
        {
            notes.Add(note);
        }
    }

    public RuleResult Build(string notApplicableNote)
    {
        var result = new RuleResult { RuleId = RuleId, Owner = "reconciler" };
        result.Findings.Add(failures);
        result.Findings.Add(reviews);
        if (failures.Count > 0)
        {
            result.Outcome = Outcome.Fail;
        }
        else if (reviews.Count > 0)
        {
            result.Outcome = Outcome.Review;
        }
        else if (checks > 0)
        {
            result.Outcome = Outcome.Pass;
        }
        else
        {
            result.Outcome = Outcome.NotApplicable;
            if (notes.Count == 0)
            {
                notes.Add(notApplicableNote);
            }
        }

        result.Note = string.Join("；", notes);
        return result;
    }
}

/// <summary>Formatting shared by the narrative rules.</summary>
internal static class Format
{
    /// <summary>A decimal with at least 2 decimals, as tables print amounts.</summary>
    public static string Amount(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>A percentage with up to 2 decimals.</summary>
    public static string Percent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A tolerance as findings state it: up to 4 decimals, no trailing zeros.</summary>
    public static string Tolerance(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The narrative location of a sentence.</summary>
    public static Location At(Sentence sentence) => new()
    {
        Table = TableKey.Nar,
        RowIndex = -1,
        Span = new TextSpan { Start = sentence.Start, Length = sentence.Length },
    };

    /// <summary>The sentence as a message quotes it (normalised, shortened).</summary>
    public static string Quote(Sentence sentence) =>
        "「" + (sentence.Norm.Length > 60 ? sentence.Norm[..60] + "…" : sentence.Norm) + "」";
}
