using Npgsql;

namespace BudgetMesh.Bench;

/// <summary>
/// 2. Intake durability: SubmitPackage calls accepted per second (each one transaction: submission row, revision
/// with the package as bytes and jsonb, status history, audit and the BudgetSubmitted outbox row, then COMMIT with
/// fsync) against the raw rate of single-row insert-and-commit transactions on the same PostgreSQL through Npgsql,
/// at the same concurrency, measured seconds apart. Intake runs alone (its outbox relay included) in its own process.
/// </summary>
internal sealed class IntakeDurabilityBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "2 Intake durability";
    private static readonly int[] Concurrencies = [1, 16, 64];

    public async Task RunAsync()
    {
        var database = await environment.CreateDatabaseAsync();
        var vhost = await environment.RabbitMq.CreateVirtualHostAsync();
        var packages = Packages.Load("1");
        await using var intake = await environment.StartServiceAsync("Intake", "Intake", database, environment.RabbitMq.AmqpUriFor(vhost),
            new Dictionary<string, string> { ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = IntakeApi.AdminKey });
        using var api = new IntakeApi(intake.Address);
        await api.CreateKeysAsync(packages.Districts);

        await using var raw = NpgsqlDataSource.Create(database);
        await using (var create = raw.CreateCommand("CREATE TABLE bench_raw_commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, payload bytea NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var payload = new byte[256];
        var next = -1;
        foreach (var concurrency in Concurrencies)
        {
            // Raw first, then Intake, seconds apart: both see the same disk, WAL and background load.
            var rawResult = await LoadRunner.RunAsync(concurrency, environment.Options.IntakeWarmup, environment.Options.IntakeDuration, async ct =>
            {
                await using var insert = raw.CreateCommand("INSERT INTO bench_raw_commits (at, payload) VALUES (now(), $1)");
                insert.Parameters.AddWithValue(payload);
                await insert.ExecuteNonQueryAsync(ct);
            });
            var intakeResult = await LoadRunner.RunAsync(concurrency, environment.Options.IntakeWarmup, environment.Options.IntakeDuration,
                _ => api.SubmitAsync(packages.Variant(Interlocked.Increment(ref next))));

            results.Add(new Figure(Name, $"raw insert+commit at {concurrency}: rate", rawResult.PerSecond, "tx/s"));
            results.Add(new Figure(Name, $"raw insert+commit at {concurrency}: p50 / p99", rawResult.Latencies.Percentile(50), "ms",
                Note: $"p99 {Results.Format(rawResult.Latencies.Percentile(99))} ms"));
            results.Add(new Figure(Name, $"Intake SubmitPackage at {concurrency}: accepted", intakeResult.PerSecond, "submissions/s"));
            results.Add(new Figure(Name, $"Intake SubmitPackage at {concurrency}: p50 / p99", intakeResult.Latencies.Percentile(50), "ms",
                Note: $"p99 {Results.Format(intakeResult.Latencies.Percentile(99))} ms"));
            var ratio = intakeResult.PerSecond / rawResult.PerSecond;
            var atTarget = concurrency == 64;
            results.Add(new Figure(Name, $"Intake / raw at {concurrency}", ratio * 100, "%", atTarget ? "≥ 50 %" : null, atTarget ? ratio >= 0.5 : null));
            if (intakeResult.Failures > 0 || rawResult.Failures > 0)
            {
                results.Note(Name, $"at {concurrency}: {intakeResult.Failures} submissions and {rawResult.Failures} raw inserts failed in the window (see bench/logs/Intake.log).");
            }
        }

        results.Add(new Figure(Name, "Intake peak working set (this phase)", intake.Process.PeakWorkingSetBytes() / 1048576.0, "MiB"));
    }
}
