using Google.Protobuf;
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

        // The package-sized reference row is compressed as Intake's revisions.package_bytes is (lz4 where available).
        await using (var create = raw.CreateCommand("""
            CREATE TABLE bench_raw_package_commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, payload bytea NOT NULL);
            DO $$
            BEGIN
                IF (SELECT attcompression FROM pg_attribute WHERE attrelid = 'intake.revisions'::regclass AND attname = 'package_bytes') = 'l' THEN
                    ALTER TABLE bench_raw_package_commits ALTER COLUMN payload SET COMPRESSION lz4;
                END IF;
            END $$;
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var payload = new byte[256];
        // A second reference of the same shape with the package's own bytes as the row: what a durable commit of
        // this much data costs PostgreSQL alone. Context for the ratio; the target is judged against the 256-byte row.
        var packageRows = Enumerable.Range(0, 64).Select(i => packages.Variant(1_000_000 + i).ToByteArray()).ToArray();
        var next = -1;
        double[] Cpu() =>
        [
            ProcessCpu.TreeSeconds(intake.Process.Pid),
            environment.Postgres.Pid is { } postgres ? ProcessCpu.TreeSeconds(postgres) : double.NaN,
            System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        ];

        foreach (var concurrency in Concurrencies)
        {
            // Raw first, then Intake, seconds apart: both see the same disk, WAL and background load.
            var rawResult = await LoadRunner.RunAsync(concurrency, environment.Options.IntakeWarmup, environment.Options.IntakeDuration,
                ct => InsertAsync(raw, "bench_raw_commits", payload, ct), Cpu);
            var packageRow = -1;
            var rawPackageResult = await LoadRunner.RunAsync(concurrency, environment.Options.IntakeWarmup, environment.Options.IntakeDuration,
                ct => InsertAsync(raw, "bench_raw_package_commits", packageRows[(Interlocked.Increment(ref packageRow) & int.MaxValue) % packageRows.Length], ct), Cpu);
            var intakeResult = await LoadRunner.RunAsync(concurrency, environment.Options.IntakeWarmup, environment.Options.IntakeDuration,
                _ => api.SubmitAsync(packages.Variant(Interlocked.Increment(ref next))), Cpu);
            await OutboxDrainedAsync(raw);

            results.Add(new Figure(Name, $"raw insert+commit at {concurrency}: rate", rawResult.PerSecond, "tx/s"));
            results.Add(new Figure(Name, $"raw insert+commit at {concurrency}: p50 / p99", rawResult.Latencies.Percentile(50), "ms",
                Note: $"p99 {Results.Format(rawResult.Latencies.Percentile(99))} ms"));
            results.Add(new Figure(Name, $"raw insert+commit of a package-sized row ({packageRows[0].Length / 1024.0:0} KiB) at {concurrency}: rate", rawPackageResult.PerSecond, "tx/s",
                Note: $"{intakeResult.PerSecond / rawPackageResult.PerSecond:P1} of it accepted by Intake"));
            results.Add(new Figure(Name, $"Intake SubmitPackage at {concurrency}: accepted", intakeResult.PerSecond, "submissions/s"));
            results.Add(new Figure(Name, $"Intake SubmitPackage at {concurrency}: p50 / p99", intakeResult.Latencies.Percentile(50), "ms",
                Note: $"p99 {Results.Format(intakeResult.Latencies.Percentile(99))} ms"));
            var ratio = intakeResult.PerSecond / rawResult.PerSecond;
            var atTarget = concurrency == 64;
            results.Add(new Figure(Name, $"Intake / raw at {concurrency}", ratio * 100, "%", atTarget ? "≥ 50 %" : null, atTarget ? ratio >= 0.5 : null));
            if (atTarget)
            {
                results.Note(Name, $"CPU per operation at {concurrency} (measured window): raw 256-byte commit — {CpuPerOperation(rawResult)}; "
                    + $"raw package-sized commit — {CpuPerOperation(rawPackageResult)}; Intake submission — {CpuPerOperation(intakeResult)}.");
            }

            if (intakeResult.Failures > 0 || rawResult.Failures > 0 || rawPackageResult.Failures > 0)
            {
                results.Note(Name, $"at {concurrency}: {intakeResult.Failures} submissions and {rawResult.Failures + rawPackageResult.Failures} raw inserts failed in the window (see bench/logs/Intake.log).");
            }
        }

        results.Add(new Figure(Name, "Intake peak working set (this phase)", intake.Process.PeakWorkingSetBytes() / 1048576.0, "MiB"));
    }

    /// <summary>
    /// Intake's relay publishes the BudgetSubmitted events a little behind the commits; the next level's raw
    /// reference must not share the machine with that backlog.
    /// </summary>
    private static async Task OutboxDrainedAsync(NpgsqlDataSource database)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var pending = database.CreateCommand("SELECT count(*) FROM intake.outbox_messages WHERE published_at IS NULL");
            if ((long)(await pending.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>One reference transaction: a single-row insert and its commit (autocommit).</summary>
    private static async Task InsertAsync(NpgsqlDataSource database, string table, byte[] payload, CancellationToken cancellationToken)
    {
        await using var insert = database.CreateCommand($"INSERT INTO {table} (at, payload) VALUES (now(), $1)");
        insert.Parameters.AddWithValue(payload);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string CpuPerOperation(LoadResult result)
    {
        var operations = Math.Max(result.Operations, 1);
        string[] names = ["Intake", "PostgreSQL", "load generator"];
        return string.Join(", ", result.WindowCpuSeconds.Select((seconds, i) => $"{names[i]} {seconds * 1000 / operations:0.00} ms"));
    }
}
