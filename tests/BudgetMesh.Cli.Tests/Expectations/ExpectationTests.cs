using System.Text;
using System.Text.Json;
using BudgetMesh.Cli.Commands;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests.Expectations;

/// <summary>
/// Acceptance 1 and 2 of issue 19: the whole checking pipeline, in process as `check --local` runs it, on every seed
/// and corpus fixture, against the reviewed list of what the printed document really gets wrong. Red on any error or
/// warning not listed (a false finding, or a real one nobody reviewed) and on any listed one not raised (a missed
/// defect). The lists are written from the printed pages, never from the engine's output.
/// </summary>
public sealed class ExpectationTests
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static TheoryData<string> Fixtures => [.. ExpectationFiles.Fixtures()];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Every_error_and_warning_on_a_fixture_is_one_its_expectations_list_and_every_listed_one_is_raised(string fixture)
    {
        var expectationsPath = ExpectationFiles.For(fixture);
        Assert.True(File.Exists(expectationsPath), $"{fixture} has no expectations: write {Path.GetFileName(expectationsPath)} from the printed pages.");
        var expected = ExpectedFindings.Load(expectationsPath);
        Assert.Equal(fixture, expected.Fixture);
        Assert.All(expected.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason), $"{f.Rule} {f.Location} has no reason."));
        Assert.All(expected.Findings, f => Assert.Contains(f.Severity, new[] { "error", "warning" }));

        var package = Parser.Parse<BudgetPackage>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, fixture)));
        var report = await CheckCommand.CheckLocallyAsync(package, CancellationToken.None);
        AssertListed(fixture, expected, ActualFinding.ErrorsAndWarnings(report, package).ToList());
    }

    /// <summary>
    /// One to one: each listed finding takes the first raised finding it names; red on any raised finding left over and on
    /// any listed one not raised, and on any error where the document was found consistent.
    /// </summary>
    internal static void AssertListed(string name, ExpectedFindings expected, IReadOnlyList<ActualFinding> actual)
    {
        var unmatched = new List<ActualFinding>(actual);
        var missing = new List<ExpectedFinding>();
        foreach (var listed in expected.Findings)
        {
            var index = unmatched.FindIndex(a => a.Matches(listed));
            if (index < 0)
            {
                missing.Add(listed);
            }
            else
            {
                unmatched.RemoveAt(index);
            }
        }

        var explanation = Explain(name, unmatched, missing);
        if (expected.Consistent)
        {
            Assert.True(actual.All(a => a.Severity != "error"), $"An independent reading found this document consistent: no error may be raised.\n{explanation}");
        }

        Assert.True(unmatched.Count == 0 && missing.Count == 0, explanation);
    }

    private static string Explain(string fixture, IReadOnlyList<ActualFinding> unlisted, IReadOnlyList<ExpectedFinding> missing)
    {
        var text = new StringBuilder($"{fixture}: {unlisted.Count} raised but not listed, {missing.Count} listed but not raised.\n");
        foreach (var finding in unlisted)
        {
            text.Append("  raised, not listed: ").Append(JsonSerializer.Serialize(new { rule = finding.Rule, severity = finding.Severity, location = finding.Location },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).Append("  — ").Append(finding.Message).Append('\n');
        }

        foreach (var listed in missing)
        {
            text.Append($"  listed, not raised: {listed.Rule} {listed.Severity} {listed.Location} — {listed.Reason}\n");
        }

        return text.ToString();
    }
}

/// <summary>Which fixtures have expectations, and where those live (tests/fixtures/expectations, copied to the output).</summary>
internal static class ExpectationFiles
{
    /// <summary>Every seed fixture and every corpus fixture, relative to the output directory ("seeds/…", "corpus/…").</summary>
    public static IEnumerable<string> Fixtures() =>
        new[] { "seeds", "corpus" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, folder), "*.json"))
            .Select(f => Path.GetRelativePath(AppContext.BaseDirectory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static string For(string fixture) =>
        Path.Combine(AppContext.BaseDirectory, "expectations", Path.GetFileNameWithoutExtension(fixture) + ".json");
}
