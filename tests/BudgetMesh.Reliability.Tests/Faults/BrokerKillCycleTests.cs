using System.Diagnostics;
using System.Globalization;
using System.Text;
using BudgetMesh.Reliability.Tests.Harness;
using Xunit.Abstractions;

namespace BudgetMesh.Reliability.Tests.Faults;

/// <summary>
/// RabbitMQ killed with SIGKILL and restarted again and again under load (20 times in the full run). After a broker
/// crash MassTransit 8.x has been seen reporting a healthy bus with no consumer attached; the services' watchdog
/// notices a deaf consumer by its heartbeats and restarts the service (docs/adr/0008). Each cycle records how long
/// the broker's own consumer count took to show every service queue consumed again, how long the cycle's load took
/// to be reconciled, and which services ended themselves to be restarted, and why. At the end nothing is lost or
/// duplicated.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BrokerKillCycleTests(FaultFixture fixture, ITestOutputHelper output)
{
    private const string Scenario = "RabbitMQ kill -9 and restart, repeated under load";
    private const string DeafMarker = "deaf consumer";
    private const string UnhealthyMarker = "message bus unhealthy";
    private static readonly TimeSpan Patience = Measurements.Full ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CyclePatience = TimeSpan.FromMinutes(4);

    private static int Cycles => Measurements.Full ? 20 : 2;

    [Fact]
    public async Task RabbitMQ_killed_with_SIGKILL_and_restarted_repeatedly_under_load_recovers_each_time_and_loses_and_duplicates_nothing()
    {
        var deployment = fixture.Deployment;
        var rabbit = deployment.RabbitMq;
        var perCycle = Math.Max(10, Measurements.Submissions / Cycles);
        var queues = (await rabbit.DurableQueuesAsync(deployment.VirtualHost))
            .Where(q => !q.EndsWith("_error", StringComparison.Ordinal) && !q.EndsWith("_skipped", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(queues);
        Assert.NotNull(await ConsumersBackAsync(queues, CyclePatience));

        var started = Stopwatch.StartNew();
        var loads = new List<Load>();
        var cycles = new List<Cycle>();
        for (var i = 1; i <= Cycles; i++)
        {
            var before = Marks(deployment);
            var load = new Load(deployment, "2" + i.ToString("D2", CultureInfo.InvariantCulture));
            loads.Add(load);
            var submitting = load.SubmitAsync(perCycle);
            while (load.Sent < perCycle * 0.3 && !submitting.IsCompleted)
            {
                await Task.Delay(50);
            }

            await rabbit.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await rabbit.RestartAsync();
            var consumersBack = await ConsumersBackAsync(queues, CyclePatience);
            await submitting;
            var reconciled = await ReconciledAsync(load, CyclePatience);
            foreach (var service in deployment.Services.Values)
            {
                await service.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
            }

            var cycle = new Cycle(i, consumersBack, reconciled, Restarts(before, Marks(deployment)));
            cycles.Add(cycle);
            output.WriteLine(cycle.Row());
            if (consumersBack is null || reconciled is null)
            {
                break;
            }
        }

        var outcomes = new List<Outcome>();
        foreach (var load in loads)
        {
            outcomes.Add(await load.SettleAndCountAsync(Patience, started));
        }

        var acknowledged = outcomes.Sum(o => o.Acknowledged);
        var lost = outcomes.Sum(o => o.Lost);
        var duplicates = outcomes.Sum(o => o.Duplicates);
        var retries = outcomes.Sum(o => o.SubmitRetries);
        var unexpected = deployment.Services.Values.Sum(s => s.UnexpectedExits);
        var deaf = cycles.Sum(c => c.Restarts.Count(r => r.Reason == DeafMarker));
        var unhealthy = cycles.Sum(c => c.Restarts.Count(r => r.Reason == UnhealthyMarker));
        var recoveries = cycles.Where(c => c.ConsumersBack is not null).Select(c => c.ConsumersBack!.Value.TotalSeconds).Order().ToList();
        var complete = cycles.Count == Cycles && cycles.All(c => c.ConsumersBack is not null && c.Reconciled is not null);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"{cycles.Count} of {Cycles} cycles (kill -9, 3 s down, restart on the same port and data) each during {perCycle} submissions; every queue consumed again (broker's consumer count) after {Range(recoveries)} s; cycles with a deaf consumer restarted by the watchdog {cycles.Count(c => c.Restarts.Any(r => r.Reason == DeafMarker))} ({deaf} service restarts), restarts for an unhealthy bus {unhealthy}; acknowledged {acknowledged}, **lost {lost}**, **duplicates {duplicates}**, client retries {retries}, unexpected service exits {unexpected}; {started.Elapsed.TotalSeconds:F0} s");
        output.WriteLine(figures);
        var pass = complete && lost == 0 && duplicates == 0 && acknowledged == perCycle * Cycles && unexpected == 0;
        Measurements.Record(Scenario, $"{Cycles} × {perCycle} submissions, 4 concurrent district systems", pass ? "pass" : "FAIL", figures);
        Measurements.Detail(Scenario, Detail(cycles, perCycle));

        Assert.True(complete, "a cycle did not recover:\n" + string.Join('\n', cycles.Select(c => c.Row())));
        Assert.Equal(perCycle * Cycles, acknowledged);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, unexpected);
    }

    /// <summary>Time until the broker counts at least one consumer on every queue; null if that did not happen in time.</summary>
    private async Task<TimeSpan?> ConsumersBackAsync(IReadOnlyList<string> queues, TimeSpan patience)
    {
        var rabbit = fixture.Deployment.RabbitMq;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            if (await rabbit.ConsumerCountsAsync(fixture.Deployment.VirtualHost, queues) is { } counts && counts.Values.All(c => c > 0))
            {
                return waited.Elapsed;
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>Time until every package this cycle's load got acknowledged is reconciled; null if not in time.</summary>
    private static async Task<TimeSpan?> ReconciledAsync(Load load, TimeSpan patience)
    {
        var ids = load.AcknowledgedSoFar.Select(a => a.SubmissionId).Distinct().ToArray();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            try
            {
                if (await load.CountAsync("SELECT count(*) FROM intake.revisions WHERE submission_id = ANY($1) AND status LIKE 'reconciled%'", ids) >= ids.Length)
                {
                    return waited.Elapsed;
                }
            }
            catch (Npgsql.NpgsqlException)
            {
                // Not expected (PostgreSQL is not touched here), but a hiccup is no verdict.
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>Per service: its self-restarts and the watchdog's two log lines so far.</summary>
    private static Dictionary<string, (int Restarts, int Deaf, int Unhealthy)> Marks(Deployment deployment) =>
        deployment.Services.Values.ToDictionary(s => s.Name, s =>
        {
            var log = ReadShared(s.LogFile);
            return (s.SelfRestarts, Count(log, DeafMarker), Count(log, UnhealthyMarker));
        }, StringComparer.Ordinal);

    private static List<Restart> Restarts(Dictionary<string, (int Restarts, int Deaf, int Unhealthy)> before, Dictionary<string, (int Restarts, int Deaf, int Unhealthy)> after) =>
    [
        .. after.SelectMany(a =>
        {
            var b = before[a.Key];
            return Enumerable.Repeat(new Restart(a.Key, DeafMarker), a.Value.Deaf - b.Deaf)
                .Concat(Enumerable.Repeat(new Restart(a.Key, UnhealthyMarker), a.Value.Unhealthy - b.Unhealthy))
                .Concat(Enumerable.Repeat(new Restart(a.Key, "other"), Math.Max(0, (a.Value.Restarts - b.Restarts) - (a.Value.Deaf - b.Deaf) - (a.Value.Unhealthy - b.Unhealthy))));
        }),
    ];

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static int Count(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Range(List<double> seconds) => seconds.Count == 0
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{seconds[0]:F1}–{seconds[^1]:F1} (median {seconds[seconds.Count / 2]:F1})");

    private static string Detail(List<Cycle> cycles, int perCycle)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Scenario}: each cycle");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Each cycle: {perCycle} submissions from 4 district systems; at 30 % of them RabbitMQ is killed (SIGKILL), restarted 3 s later on the same port and data.");
        text.AppendLine("\"Consumers back\": from the restarted broker accepting connections until its own consumer count shows every service queue consumed");
        text.AppendLine("(a deaf service has none until the watchdog has restarted it); 0.0 s means MassTransit had reconnected while the broker was still");
        text.AppendLine("finishing its start. \"Reconciled\": from then, and all of the cycle's submissions acknowledged, until every one is reconciled.");
        text.AppendLine("A restart is listed under the cycle in whose window (kill to the cycle's load reconciled) its log line appeared: one that");
        text.AppendLine("follows a kill by 60 s (\"message bus unhealthy\") may belong to the previous cycle's kill. \"deaf consumer\" marks the");
        text.AppendLine("heartbeat detector's restarts (docs/adr/0008).");
        text.AppendLine();
        text.AppendLine("| cycle | consumers back | reconciled | services that ended themselves to be restarted |");
        text.AppendLine("|---|---|---|---|");
        foreach (var cycle in cycles)
        {
            text.AppendLine(cycle.Row());
        }

        return text.ToString();
    }

    private sealed record Restart(string Service, string Reason);

    private sealed record Cycle(int Number, TimeSpan? ConsumersBack, TimeSpan? Reconciled, List<Restart> Restarts)
    {
        public string Row()
        {
            var restarts = Restarts.Count == 0
                ? "none"
                : string.Join(", ", Restarts.GroupBy(r => r).Select(g => $"{g.Key.Service} ({g.Key.Reason}{(g.Count() > 1 ? $" ×{g.Count()}" : string.Empty)})"));
            return string.Create(CultureInfo.InvariantCulture,
                $"| {Number} | {(ConsumersBack is { } c ? $"{c.TotalSeconds:F1} s" : "**not in time**")} | {(Reconciled is { } r ? $"{r.TotalSeconds:F1} s" : "**not in time**")} | {restarts} |");
        }
    }
}
