using System.Text.Json;
using System.Text.Json.Serialization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Cli.Tests.Expectations;

/// <summary>
/// One document's expectations (tests/fixtures/expectations/&lt;id&gt;.json): every error and warning the checks must
/// raise on its fixture, each with the printed text that makes it one. Infos and rules left for review are not listed.
/// </summary>
internal sealed record ExpectedFindings(
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("fixture")] string Fixture,
    [property: JsonPropertyName("consistent")] bool Consistent,
    [property: JsonPropertyName("findings")] IReadOnlyList<ExpectedFinding> Findings)
{
    private static readonly JsonSerializerOptions Options = new() { ReadCommentHandling = JsonCommentHandling.Skip };

    public static ExpectedFindings Load(string path) =>
        JsonSerializer.Deserialize<ExpectedFindings>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} is empty.");
}

/// <summary>
/// One expected finding: the rule, the severity ("error" or "warning"), where (<see cref="FoundAt"/>'s form), and the
/// reason, citing the printed text (page and words) that makes it a real mistake of the document.
/// </summary>
internal sealed record ExpectedFinding(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>A finding the checks raised, in the terms of an expectation.</summary>
internal sealed record ActualFinding(string Rule, string Severity, IReadOnlyList<string> Locations, string Message)
{
    public string Location => string.Join(" | ", Locations);

    public static IEnumerable<ActualFinding> ErrorsAndWarnings(Report report, BudgetPackage package) =>
        report.Results.SelectMany(r => r.Findings)
            .Where(f => f.Severity is Contracts.Report.V1.Severity.Error or Contracts.Report.V1.Severity.Warning)
            .Select(f => new ActualFinding(f.RuleId, f.Severity == Contracts.Report.V1.Severity.Error ? "error" : "warning",
                [.. f.Locations.Select(l => FoundAt.Describe(l, package.Narrative?.Text ?? string.Empty))], f.Message));

    /// <summary>
    /// Whether <paramref name="expected"/> names this finding: same rule and severity, and location by location the
    /// same cell, or a narrative span whose text contains the quoted words.
    /// </summary>
    public bool Matches(ExpectedFinding expected)
    {
        if (expected.Rule != Rule || expected.Severity != Severity)
        {
            return false;
        }

        var places = expected.Location.Split(" | ");
        return places.Length == Locations.Count && places.Zip(Locations).All(p => FoundAt.Same(p.First, p.Second));
    }
}

/// <summary>
/// A location as people write it: "GF 2010301 basic" (table, printed code, column), "GF 合计 total" (the total row),
/// "GF #3 total" (a row without a code, by index), "XJ[项目名] …" (a project's table), or "NAR「words」" (the narrative
/// span; an expectation may quote any part of it).
/// </summary>
internal static class FoundAt
{
    public static string Describe(Location location, string narrative)
    {
        var table = location.Table == TableKey.Unspecified ? "—" : location.Table.ToString().ToUpperInvariant();
        if (location.Table == TableKey.Nar && location.Span is { } span && span.Start >= 0 && span.Start + span.Length <= narrative.Length)
        {
            return $"NAR「{narrative.Substring(span.Start, span.Length)}」";
        }

        var parts = new List<string> { location.Project.Length > 0 ? $"{table}[{location.Project}]" : table };
        if (location.RowCode.Length > 0)
        {
            parts.Add(location.RowCode);
        }
        else if (location.RowIndex == -1)
        {
            parts.Add("合计");
        }
        else if (location.RowIndex > 0 || location.Column.Length > 0)
        {
            parts.Add($"#{location.RowIndex}");
        }

        if (location.Column.Length > 0)
        {
            parts.Add(location.Column);
        }
        else if (location.Label.Length > 0)
        {
            parts.Add($"（{location.Label}）");
        }

        return string.Join(' ', parts);
    }

    public static bool Same(string expected, string actual)
    {
        if (expected.StartsWith("NAR「", StringComparison.Ordinal) && actual.StartsWith("NAR「", StringComparison.Ordinal))
        {
            var quote = expected[4..].TrimEnd('」');
            return quote.Length > 0 && actual.Contains(quote, StringComparison.Ordinal);
        }

        return expected == actual;
    }
}
