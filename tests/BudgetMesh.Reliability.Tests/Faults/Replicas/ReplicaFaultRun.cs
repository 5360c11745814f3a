using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Reliability.Tests.Counting;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing.Topology;
using Npgsql;
using Xunit.Abstractions;

namespace BudgetMesh.Reliability.Tests.Faults.Replicas;

/// <summary>What a fault did and how long the system took to be whole again, in the fault's own terms.</summary>
internal sealed record FaultReport(string What, TimeSpan Recovery, string RecoveryMeaning);

/// <summary>
/// One fault on the replica topology under load: four district systems submit (≥ 1,000 packages in the full run,
/// plus a second revision of every tenth), an operator approves, Publication publishes; at 20 % of the receipts the
/// fault strikes. When every latest revision is on the website (or patience ends), the five counts are read from
/// the databases, the outboxes and the website (Counting/Tally) and recorded for docs/reliability.md.
/// </summary>
internal static class ReplicaFaultRun
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public static async Task<Tally> RunAsync(ReplicaTopology topology, ITestOutputHelper output, string scenario, string prefix, Func<DistrictSystems, Task<FaultReport>> fault)
    {
        var packages = Measurements.Submissions;
        var intake = topology.Replicas["Intake"].Select(r => r.Address).ToList();
        using var systems = new DistrictSystems(intake, topology.AdminKey, topology.ConnectionString, prefix);
        var started = Stopwatch.StartNew();
        var running = systems.RunAsync(packages);
        while (systems.Sent < packages * 0.2 && !running.IsCompleted)
        {
            await Task.Delay(50);
        }

        var atFault = systems.Sent;
        var report = await fault(systems);
        await running;
        var settled = await systems.SettleAsync(topology.Website.Root, Patience);
        var elapsed = started.Elapsed;
        var evidence = await EvidenceReader.ReadAsync(topology.ConnectionString, topology.Website.Root, prefix, systems.Receipts);
        var tally = Tally.Of(evidence);
        var lost = tally.NotPublished == 0 ? string.Empty : await LostExplanation.DescribeAsync(topology, Tally.Unpublished(evidence));
        var exits = topology.AllReplicas.Sum(r => r.UnexpectedExits);
        var selfRestarts = string.Join(", ", topology.AllReplicas.Where(r => r.SelfRestarts > 0).Select(r => $"{r.Name} {r.SelfRestarts}"));

        var figures = string.Create(CultureInfo.InvariantCulture,
            $"{report.What}; fault at {atFault} receipts; {Format(tally)}; recovery {report.Recovery.TotalSeconds:F1} s ({report.RecoveryMeaning}); client retries {systems.Retries}; unexpected exits {exits}; restarted after giving up on the bus: {(selfRestarts.Length == 0 ? "none" : selfRestarts)}; {elapsed.TotalSeconds:F0} s, all published {settled.TotalSeconds:F0} s after the last receipt");
        output.WriteLine($"{scenario}: {figures}");
        if (lost.Length > 0)
        {
            output.WriteLine(lost);
        }

        var pass = tally.Clean && tally.Receipts == systems.Sent && systems.Sent >= packages;
        Measurements.Record(scenario, string.Create(CultureInfo.InvariantCulture, $"{tally.Receipts} submissions ({packages} packages, a second revision of every tenth), 4 concurrent district systems, replica topology"),
            pass ? "pass" : "FAIL", figures);
        ReplicaRows.Record(scenario, tally, report, elapsed, pass);

        Assert.True(tally.Receipts >= packages, $"only {tally.Receipts} of {packages} packages acknowledged");
        Assert.True(tally.Lost == 0, $"lost {tally.Lost} (not stored {tally.NotStored}, not reconciled {tally.NotReconciled}, not published {tally.NotPublished})\n{lost}");
        Assert.Equal(0, tally.DuplicateReports);
        Assert.Equal(0, tally.DuplicateEvents);
        Assert.Equal(0, tally.DuplicatePublications);
        Assert.Equal(0, tally.OutOfOrder);
        return tally;
    }

    /// <summary>
    /// Waits until the load's status changes grow by <paramref name="changes"/> (the pipeline works on without what
    /// the fault took away) and returns how long that took; null if not within <paramref name="patience"/>.
    /// </summary>
    public static async Task<TimeSpan?> ProgressAsync(ReplicaTopology topology, string prefix, int changes, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        long? from = null;
        while (waited.Elapsed < patience)
        {
            try
            {
                var now = await StatusChangesAsync(topology, prefix);
                from ??= now;
                if (now - from >= changes)
                {
                    return waited.Elapsed;
                }
            }
            catch (NpgsqlException)
            {
                // Failing over.
            }

            await Task.Delay(200);
        }

        return null;
    }

    private static async Task<long> StatusChangesAsync(ReplicaTopology topology, string prefix)
    {
        await using var db = await topology.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM intake.status_history h JOIN intake.submissions s ON s.id = h.submission_id WHERE s.department_code LIKE $1 || '%'
            """, db);
        command.Parameters.AddWithValue(prefix);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static string Format(Tally t) => string.Create(CultureInfo.InvariantCulture,
        $"submissions {t.Receipts}, **lost {t.Lost}** (not stored {t.NotStored}, not reconciled {t.NotReconciled}, not published {t.NotPublished}), **duplicate reports {t.DuplicateReports}**, **duplicate events {t.DuplicateEvents}** (outbox {t.DuplicateOutboxEvents}, applied twice {t.DuplicateStatusChanges}), **duplicate publications {t.DuplicatePublications}** (history {t.DuplicatePublishedEntries}, website index {t.DuplicateWebsiteListings}), **out of order {t.OutOfOrder}** (status {t.StatusOutOfOrder}, website {t.WebsiteOutOfOrder})");
}

/// <summary>The replica section's table in docs/reliability.md: one row file per fault, joined by tools/chaos/run-chaos.sh.</summary>
internal static class ReplicaRows
{
    public static void Record(string scenario, Tally t, FaultReport report, TimeSpan elapsed, bool pass)
    {
        var folder = Measurements.OutputFolder;
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {(Measurements.Full ? "full" : "subset")} | {t.Receipts} | {t.Lost} | {t.DuplicateReports} | {t.DuplicateEvents} | {t.DuplicatePublications} | {t.OutOfOrder} | {report.Recovery.TotalSeconds:F1} s ({report.RecoveryMeaning}) | {elapsed.TotalSeconds:F0} s | {(pass ? "pass" : "FAIL")} |");
        File.WriteAllText(Path.Combine(folder, Measurements.Slug(scenario) + ".replica-row"), row + "\n");
    }
}
