using System.Diagnostics;
using BudgetMesh.Reliability.Tests.Harness;
using Npgsql;
using Xunit.Abstractions;

namespace BudgetMesh.Reliability.Tests.Faults.Replicas;

/// <summary>
/// PostgreSQL's primary killed (SIGKILL) under load and the streaming standby promoted: the services' multi-host
/// connection string (Target Session Attributes=primary) finds the new primary by itself. The primary commits
/// synchronously to the standby (synchronous_standby_names), as a deployment that promises "no acknowledged
/// submission is lost" must: with asynchronous streaming the last commits the primary acknowledged may not have
/// reached the standby when it dies, and a promotion then forgets them.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class FailoverTests(FailoverTopologyFixture fixture, ITestOutputHelper output)
{
    [FullRunFact]
    public async Task The_primary_killed_and_the_standby_promoted_loses_duplicates_and_reorders_nothing()
    {
        var topology = fixture.Topology;
        var standby = topology.Standby ?? throw new InvalidOperationException("the topology has no standby");
        await using (var primary = new NpgsqlConnection(topology.Primary.AdminConnectionString))
        {
            await primary.OpenAsync();
            await using var command = new NpgsqlCommand("ALTER SYSTEM SET synchronous_standby_names = '*'", primary);
            await command.ExecuteNonQueryAsync();
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", primary);
            await reload.ExecuteNonQueryAsync();
        }

        await ReplicaFaultRun.RunAsync(topology, output, "Replicas: PostgreSQL primary kill -9, standby promoted", "34", async _ =>
        {
            await topology.Primary.KillAsync();
            var down = Stopwatch.StartNew();
            await standby.PromoteAsync();
            // The services' own connection string, asked for a primary, finds one that takes writes.
            while (true)
            {
                try
                {
                    await using var db = await topology.OpenDatabaseAsync();
                    await using var write = new NpgsqlCommand("SELECT NOT pg_is_in_recovery()", db);
                    if ((bool)(await write.ExecuteScalarAsync())!)
                    {
                        break;
                    }
                }
                catch (NpgsqlException)
                {
                    // No primary yet.
                }

                Assert.True(down.Elapsed < ReplicaFaultRun.Patience, "no primary after the promotion");
                await Task.Delay(200);
            }

            return new FaultReport("primary killed (SIGKILL, whole tree), standby promoted (pg_ctl promote); synchronous streaming (synchronous_standby_names = '*')",
                down.Elapsed, "kill -9 to the promoted standby taking writes through the services' connection string");
        });
    }
}
