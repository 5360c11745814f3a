using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace BudgetMesh.Bench;

/// <summary>
/// 3 and 5. End to end: the five services as child processes (one working set each) on the bench's own PostgreSQL
/// and RabbitMQ, wired as a deployment wires them. First a steady offered load of 50 packages/s (open loop: a
/// submission is sent on schedule whether or not the previous ones have finished) and the latency from sending it
/// to its report row (reconciler.reports.created_at, written on the same clock); then N packages submitted as fast
/// as Intake accepts them and the time until every report is stored. Peak working set (VmHWM) of every service at
/// the end, and where the CPU went during the throughput phase.
/// </summary>
internal sealed class EndToEndBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "3 End to end";
    private const double SteadyRate = 50;
    private const int Submitters = 16;

    private readonly Packages _packages = Packages.Load("2");
    private int _next = -1;

    public async Task RunAsync()
    {
        var database = await environment.CreateDatabaseAsync();
        var amqp = environment.RabbitMq.AmqpUriFor(await environment.RabbitMq.CreateVirtualHostAsync());
        var started = Stopwatch.StartNew();
        var services = new List<ServiceProcess>();
        Task<ServiceProcess>[] rules = [];
        try
        {
            var intake = await environment.StartServiceAsync("Intake", "Intake", database, amqp, new Dictionary<string, string> { ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = IntakeApi.AdminKey });
            services.Add(intake);
            // The rule services check the reconciler's key with Intake.
            var intakeUrl = new Dictionary<string, string> { ["BUDGETMESH_INTAKE_URL"] = intake.Address.ToString() };
            rules =
            [
                environment.StartServiceAsync("Classification", "Classification", database, amqp, intakeUrl),
                environment.StartServiceAsync("ThreePublicExpenses", "ThreePublicExpenses", database, amqp, intakeUrl),
                environment.StartServiceAsync("PerformanceTargets", "PerformanceTargets", database, amqp, intakeUrl),
            ];
            services.AddRange(await Task.WhenAll(rules));
            using var api = new IntakeApi(intake.Address);
            var reconcilerKey = await api.CreateKeysAsync(_packages.Districts);
            var reconciler = await environment.StartServiceAsync("Reconciler", "Reconciler", database, amqp, new Dictionary<string, string>
            {
                ["BUDGETMESH_INTAKE_URL"] = intake.Address.ToString(),
                ["BUDGETMESH_CLASSIFICATION_URL"] = services.Single(s => s.Name == "Classification").Address.ToString(),
                ["BUDGETMESH_THREE_PUBLIC_URL"] = services.Single(s => s.Name == "ThreePublicExpenses").Address.ToString(),
                ["BUDGETMESH_PERFORMANCE_URL"] = services.Single(s => s.Name == "PerformanceTargets").Address.ToString(),
                ["BUDGETMESH_RECONCILER_KEY"] = reconcilerKey,
            });
            services.Add(reconciler);
            await using var reports = NpgsqlDataSource.Create(database);
            await WarmUpAsync(api, reports);
            Console.WriteLine($"  five services up and warm after {started.Elapsed.TotalSeconds:0} s");

            await SteadyLoadAsync(api, reports);
            await ThroughputAsync(api, reports, services);

            foreach (var service in services)
            {
                results.Add(new Figure("5 Memory", $"{service.Name}: peak working set (VmHWM) over the end-to-end run", service.Process.PeakWorkingSetBytes() / 1048576.0, "MiB",
                    Note: $"RSS at the end {service.Process.WorkingSetBytes() / 1048576.0:0} MiB"));
            }
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }

            foreach (var pending in rules.Where(r => r.IsCompletedSuccessfully && !services.Contains(r.Result)))
            {
                await pending.Result.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Until the reconciler has bound its queue, a BudgetSubmitted is published to nobody; so one package at a time
    /// until a report appears, then a batch to get every service past its JIT.
    /// </summary>
    private async Task WarmUpAsync(IntakeApi api, NpgsqlDataSource reports)
    {
        var deadline = Stopwatch.StartNew();
        while (await CountAsync(reports, null) == 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException("No report appeared within 90 s of warm-up submissions; see bench/logs/Reconciler.log.");
            }

            await api.SubmitAsync(_packages.Variant(Interlocked.Increment(ref _next)));
            await Task.Delay(2000);
        }

        // Then the steady rate itself until every service's hot code is past tiered JIT: a long-running deployment
        // is measured, not one that has reconciled thirty packages since it started.
        var warm = await OfferAsync(api, environment.Options.SteadyWarmup);
        var stored = await WaitForReportsAsync(reports, [.. warm.Sent.Keys], TimeSpan.FromSeconds(120));
        var cold = new Latencies();
        foreach (var (id, createdAt) in stored)
        {
            cold.Add((createdAt - warm.Sent[id]).TotalMilliseconds);
        }

        results.Add(new Figure(Name, $"cold start, the first {environment.Options.SteadyWarmup.TotalSeconds:0} s of 50/s (not measured against the target): submit → reconciled p99", cold.Percentile(99), "ms",
            Note: $"p50 {Results.Format(cold.Percentile(50))} ms; every service still compiling its hot code"));
    }

    /// <summary>
    /// Open loop at <see cref="SteadyRate"/>: a submission is sent on schedule whether or not the previous ones have
    /// finished. Returns when every call has answered: the send time of each accepted submission, the refusals,
    /// how many were sent and the rate actually offered.
    /// </summary>
    private async Task<(ConcurrentDictionary<Guid, DateTimeOffset> Sent, int Failures, int Count, double Offered, TimeSpan Over)> OfferAsync(IntakeApi api, TimeSpan duration)
    {
        var count = (int)(SteadyRate * duration.TotalSeconds);
        var sent = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var failures = 0;
        var calls = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / SteadyRate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var package = _packages.Variant(Interlocked.Increment(ref _next));
            calls.Add(Task.Run(async () =>
            {
                var at = DateTimeOffset.UtcNow;
                try
                {
                    var receipt = await api.SubmitAsync(package);
                    sent[Guid.Parse(receipt.SubmissionId)] = at;
                }
                catch (Exception ex) when (ex is global::Grpc.Core.RpcException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        var offered = count / clock.Elapsed.TotalSeconds;
        var over = clock.Elapsed;
        await Task.WhenAll(calls);
        return (sent, failures, count, offered, over);
    }

    private async Task SteadyLoadAsync(IntakeApi api, NpgsqlDataSource reports)
    {
        var (sent, failures, count, offered, offeredOver) = await OfferAsync(api, environment.Options.SteadyDuration);
        var ids = sent.Keys.ToArray();
        var stored = await WaitForReportsAsync(reports, ids, TimeSpan.FromSeconds(environment.Options.Quick ? 60 : 120));
        var latencies = new Latencies();
        foreach (var (id, createdAt) in stored)
        {
            latencies.Add((createdAt - sent[id]).TotalMilliseconds);
        }

        results.Add(new Figure(Name, $"steady load: offered", offered, "packages/s", Note: $"{count} packages over {offeredOver.TotalSeconds:0} s; {failures} refused; {stored.Count} reconciled"));
        results.Add(new Figure(Name, "steady 50/s: submit → reconciled p50", latencies.Percentile(50), "ms"));
        results.Add(new Figure(Name, "steady 50/s: submit → reconciled p95", latencies.Percentile(95), "ms"));
        var p99 = latencies.Percentile(99);
        var complete = stored.Count == count;
        results.Add(new Figure(Name, "steady 50/s: submit → reconciled p99", p99, "ms", "≤ 1,000 ms", complete && p99 <= 1000,
            complete ? null : $"only {stored.Count} of {count} reconciled in time"));
        await HopsAsync(reports, sent);
    }

    /// <summary>
    /// Where the steady-load latency goes, from the timestamps the services write anyway: Intake's receipt time,
    /// the moment its relay claimed the BudgetSubmitted row, the reconciler's announcement (its transaction start,
    /// i.e. when it began on the message), the relay's claim of ReconciliationStarted, and the report's creation.
    /// Every clock is this machine's, so the differences are comparable.
    /// </summary>
    private async Task HopsAsync(NpgsqlDataSource database, IReadOnlyDictionary<Guid, DateTimeOffset> sent)
    {
        await using var command = database.CreateCommand("""
            SELECT r.submission_id, v.received_at, o.published_at, s.started_at, r.created_at
            FROM reconciler.reports r
            JOIN intake.revisions v ON v.submission_id = r.submission_id AND v.revision = r.revision
            JOIN intake.outbox_messages o ON o.message_urn LIKE '%budget-submitted%'
                AND (o.payload->>'submissionId')::uuid = r.submission_id AND (o.payload->>'revision')::int = r.revision
            JOIN reconciler.reconciliation_starts s ON s.submission_id = r.submission_id AND s.revision = r.revision
            WHERE r.submission_id = ANY($1)
            """);
        command.Parameters.AddWithValue(sent.Keys.ToArray());
        var hops = new (string Name, Latencies Samples)[]
        {
            ("send → Intake received", new()), ("received → relay claimed BudgetSubmitted", new()),
            ("claimed → reconciler began", new()), ("began → report created (fetch, peers, engine)", new()),
        };
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var at = new[] { sent[reader.GetGuid(0)], reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4) };
                for (var i = 0; i < hops.Length; i++)
                {
                    hops[i].Samples.Add((at[i + 1] - at[i]).TotalMilliseconds);
                }
            }
        }

        results.Note(Name, $"steady 50/s, per hop (p50 / p99 over {hops[0].Samples.Count}): "
            + string.Join("; ", hops.Select(h => $"{h.Name} {Results.Format(h.Samples.Percentile(50))} / {Results.Format(h.Samples.Percentile(99))} ms")) + ".");
    }

    private async Task ThroughputAsync(IntakeApi api, NpgsqlDataSource reports, IReadOnlyList<ServiceProcess> services)
    {
        var total = environment.Options.EndToEndPackages;
        var cpuBefore = CpuBreakdown(services);
        var ids = new Guid[total];
        var failures = 0;
        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var index = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref index)) < total)
            {
                try
                {
                    ids[mine] = Guid.Parse((await api.SubmitAsync(_packages.Variant(Interlocked.Increment(ref _next)))).SubmissionId);
                }
                catch (Exception ex) when (ex is global::Grpc.Core.RpcException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var accepted = clock.Elapsed;
        var submitted = ids.Where(id => id != Guid.Empty).ToArray();
        var patience = environment.Options.EndToEndPatience - accepted;
        var stored = await WaitForReportsAsync(reports, submitted, patience > TimeSpan.FromSeconds(10) ? patience : TimeSpan.FromSeconds(10));
        var cpuAfter = CpuBreakdown(services);
        var last = stored.Count == 0 ? start : stored.Values.Max();
        var elapsed = (last - start).TotalSeconds;
        var complete = stored.Count == total;

        results.Add(new Figure(Name, $"{total:N0} packages: Intake accepted all in", accepted.TotalSeconds, "s",
            Note: $"{submitted.Length / accepted.TotalSeconds:0} submissions/s with {Submitters} submitters; {failures} refused"));
        var rate = stored.Count / Math.Max(elapsed, 0.001);
        if (complete)
        {
            results.Add(new Figure(Name, $"{total:N0} packages: all reports stored in", elapsed, "s", total == 10_000 ? "≤ 120 s" : "≤ 120 s for 10,000 (scaled)",
                elapsed <= 120.0 * total / 10_000, $"{rate:0.0} reconciled/s"));
        }
        else
        {
            results.Add(new Figure(Name, $"{total:N0} packages: reports stored before the bench stopped waiting", stored.Count, "reports",
                "all within 120 s", false, $"{rate:0.0} reconciled/s sustained; projected {total / rate:0} s for all"));
        }

        results.Add(new Figure(Name, "sustained reconcile rate in the throughput phase", rate, "packages/s", "≥ 83.3/s (10,000 in 120 s)", rate >= 10_000 / 120.0));
        var wall = (DateTimeOffset.UtcNow - start).TotalSeconds;
        var breakdown = string.Join(", ", cpuAfter.Select(kv => $"{kv.Key} {kv.Value - cpuBefore.GetValueOrDefault(kv.Key):0} s"));
        var perPackage = string.Join(", ", cpuAfter.Select(kv => $"{kv.Key} {(kv.Value - cpuBefore.GetValueOrDefault(kv.Key)) * 1000 / Math.Max(stored.Count, 1):0.0} ms"));
        results.Note(Name, $"CPU seconds during the throughput phase ({wall:0} s wall × {Environment.ProcessorCount} cores = {wall * Environment.ProcessorCount:0} core-seconds available): {breakdown}.");
        results.Note(Name, $"CPU per reconciled package in that phase: {perPackage}.");
    }

    private Dictionary<string, double> CpuBreakdown(IReadOnlyList<ServiceProcess> services)
    {
        var cpu = services.ToDictionary(s => s.Name, s => ProcessCpu.TreeSeconds(s.Process.Pid));
        if (environment.Postgres.Pid is { } postgres)
        {
            cpu["PostgreSQL"] = ProcessCpu.TreeSeconds(postgres);
        }

        if (environment.RabbitMq.Pid is { } rabbit)
        {
            cpu["RabbitMQ"] = ProcessCpu.TreeSeconds(rabbit);
        }

        cpu["bench (load generator)"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return cpu;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource reports, Guid[]? ids)
    {
        try
        {
            await using var command = ids is null
                ? reports.CreateCommand("SELECT count(*) FROM reconciler.reports")
                : reports.CreateCommand("SELECT count(*) FROM reconciler.reports WHERE submission_id = ANY($1)");
            if (ids is not null)
            {
                command.Parameters.AddWithValue(ids);
            }

            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>Waits until every id has a report or the patience runs out, and returns the reports' creation times.</summary>
    internal static async Task<Dictionary<Guid, DateTimeOffset>> WaitForReportsAsync(NpgsqlDataSource reports, Guid[] ids, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience && await CountAsync(reports, ids) < ids.Length)
        {
            await Task.Delay(250);
        }

        var stored = new Dictionary<Guid, DateTimeOffset>();
        await using var command = reports.CreateCommand("SELECT submission_id, created_at FROM reconciler.reports WHERE submission_id = ANY($1)");
        command.Parameters.AddWithValue(ids);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return stored;
    }
}
