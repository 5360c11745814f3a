using System.Globalization;
using BudgetMesh.Testing.Topology;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>
/// Subset or full run, and where the measured figures go. `make test` runs the subset; tools/chaos/run-chaos.sh
/// sets BUDGETMESH_CHAOS=full and builds docs/reliability.md from the rows each scenario writes.
/// </summary>
internal static class Measurements
{
    public static bool Full => string.Equals(Environment.GetEnvironmentVariable("BUDGETMESH_CHAOS"), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>Submissions per fault scenario: ≥1,000 in the full run, a smaller load in the subset.</summary>
    public static int Submissions => int.TryParse(Environment.GetEnvironmentVariable("BUDGETMESH_CHAOS_SUBMISSIONS"), out var n) ? n : Full ? 1000 : 100;

    /// <summary>Malformed requests across all services: ≥10,000 in the full run, ≥1,000 in the subset.</summary>
    public static int MalformedRequests => Full ? 12000 : 1200;

    /// <summary>How long the website stays down during publication.</summary>
    public static TimeSpan WebsiteOutage => Full ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(8);

    public static string OutputFolder
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("BUDGETMESH_RELIABILITY_OUT");
            var folder = string.IsNullOrEmpty(configured) ? Path.Combine(ServiceBinaries.RepositoryRoot, "artifacts", "reliability") : configured;
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>One markdown table row per scenario, in a file of its own so that scenarios can run in any order.</summary>
    public static void Record(string scenario, string load, string result, string figures)
    {
        var row = $"| {scenario} | {(Full ? "full" : "subset")} | {load} | {result} | {figures} |";
        File.WriteAllText(Path.Combine(OutputFolder, Slug(scenario) + ".row"), row + "\n");
    }

    /// <summary>Free text (histograms, per-service memory) that the report shows under the table.</summary>
    public static void Detail(string scenario, string markdown) =>
        File.WriteAllText(Path.Combine(OutputFolder, Slug(scenario) + ".detail.md"), markdown);

    public static string Format(Outcome o) => string.Create(CultureInfo.InvariantCulture,
        $"acknowledged {o.Acknowledged}, reconciled {o.Reconciled}, **lost {o.Lost}**, **duplicate reports {o.DuplicateReports}**, duplicate BudgetReconciled {o.DuplicateReconciledEvents}, duplicate status changes {o.DuplicateStatusChanges}, client retries {o.SubmitRetries}, {o.Elapsed.TotalSeconds:F0} s");

    public static string Slug(string scenario) =>
        new([.. scenario.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}

/// <summary>
/// A scenario that only the full run (tools/chaos/run-chaos.sh) has time for: in `make test` it shows as skipped
/// with this reason, never silently absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FullRunFactAttribute : FactAttribute
{
    /// <summary>Whether full-run scenarios run in this test process.</summary>
    public static bool Runs => Measurements.Full || Environment.GetEnvironmentVariable("BUDGETMESH_CHAOS_SUBMISSIONS") is not null;

    public FullRunFactAttribute()
    {
        if (!Runs)
        {
            Skip = "full run only (tools/chaos/run-chaos.sh, BUDGETMESH_CHAOS=full): too slow for the make test budget";
        }
    }
}
