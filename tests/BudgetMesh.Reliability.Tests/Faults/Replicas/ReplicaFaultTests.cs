using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing;
using BudgetMesh.Testing.Network;
using Xunit.Abstractions;

namespace BudgetMesh.Reliability.Tests.Faults.Replicas;

/// <summary>
/// Faults at the scale of a city deployment, each under ≥ 1,000 submissions from four district systems, on one
/// replica topology: a replica of each service killed in turn, a RabbitMQ node killed and brought back, a Reconciler
/// replica cut off from the broker for a minute. Counted from the services' records (ReplicaFaultRun).
/// </summary>
[Collection(ReplicaFaultCollection.Name)]
public sealed class ReplicaFaultTests(ReplicaTopologyFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Order = ["Intake", "Classification", "ThreePublicExpenses", "PerformanceTargets", "Reconciler", "Publication", "Console"];
    private static readonly TimeSpan ProgressPatience = TimeSpan.FromSeconds(90);

    [FullRunFact]
    public async Task One_replica_of_each_service_killed_in_turn_loses_duplicates_and_reorders_nothing()
    {
        var topology = fixture.Topology;
        await ReplicaFaultRun.RunAsync(topology, output, "Replicas: one replica of each service kill -9 in turn", "31", async systems =>
        {
            var restarts = new List<string>();
            var longest = TimeSpan.Zero;
            var index = 0;
            foreach (var service in Order.Where(topology.Replicas.ContainsKey))
            {
                var replica = topology.Replicas[service][index++ % topology.Replicas[service].Count];
                await replica.KillAsync();
                var down = Stopwatch.StartNew();
                // The other replica carries on: wait for the pipeline to move while this one is down.
                var progress = await ReplicaFaultRun.ProgressAsync(topology, systems.DepartmentPrefix, 20, ProgressPatience);
                await topology.StartReplicaAsync(replica);
                longest = down.Elapsed > longest ? down.Elapsed : longest;
                restarts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{replica.Name} down {down.Elapsed.TotalSeconds:F1} s ({(progress is { } p ? $"20 status changes in {p.TotalSeconds:F1} s meanwhile" : "no progress seen meanwhile")})"));
            }

            output.WriteLine(string.Join("; ", restarts));
            return new FaultReport("killed (SIGKILL) in turn, each started again once the pipeline had moved on without it: " + string.Join(", ", restarts), longest,
                "longest kill -9 to the replica serving again");
        });
    }

    [FullRunFact]
    public async Task A_RabbitMQ_node_killed_and_brought_back_loses_duplicates_and_reorders_nothing()
    {
        var topology = fixture.Topology;
        await ReplicaFaultRun.RunAsync(topology, output, "Replicas: one RabbitMQ node kill -9 and back", "32", async systems =>
        {
            // The first node: every service's connections try it first, so it carries most of them.
            var node = topology.Broker.Nodes[0];
            await node.KillAsync();
            var down = Stopwatch.StartNew();
            var progress = await ReplicaFaultRun.ProgressAsync(topology, systems.DepartmentPrefix, 20, ProgressPatience);
            await node.RestartAsync();
            while ((await topology.Broker.RunningNodesAsync()).Count < topology.Broker.Nodes.Count)
            {
                Assert.True(down.Elapsed < ReplicaFaultRun.Patience, "the killed node did not rejoin the cluster");
                await Task.Delay(500);
            }

            return new FaultReport(string.Create(CultureInfo.InvariantCulture,
                $"node 1 of 3 killed (SIGKILL), {(progress is { } p ? $"the cluster worked on with two (20 status changes in {p.TotalSeconds:F1} s)" : "no progress seen with two nodes")}, started again on its port and data"),
                down.Elapsed, "kill -9 to the node running in the cluster again");
        });
    }

    [FullRunFact]
    public async Task A_Reconciler_replica_cut_off_from_the_broker_for_a_minute_loses_duplicates_and_reorders_nothing()
    {
        var topology = fixture.Topology;
        var replicas = topology.Replicas["Reconciler"];
        var original = replicas[^1];
        var brokerPorts = topology.Broker.Nodes.Select(n => n.Port).ToList();
        await original.StopAsync(TimeSpan.FromSeconds(30));
        var host = await IsolatedHost.CreateAsync(
            IsolatedHost.LoopbackPorts(original.EnvironmentVariables.Values).Except(brokerPorts), brokerPorts, [original.Port]);
        var environment = original.EnvironmentVariables.ToDictionary(p => p.Key, p => host.Translate(p.Value), StringComparer.Ordinal);
        environment["BUDGETMESH_BIND"] = host.Address.ToString();
        var isolated = new ServiceProcess(original.Name, original.Dll, original.Port, environment, original.LogFile) { Launcher = host.Launcher };
        replicas[^1] = isolated;
        try
        {
            await topology.StartReplicaAsync(isolated);
            var outage = Measurements.Full ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(20);
            await ReplicaFaultRun.RunAsync(topology, output, "Replicas: one Reconciler cut off from the broker", "33", async systems =>
            {
                var (what, reconnected) = await BrokerPartition.RunAsync(host, isolated, outage,
                    within => ReplicaFaultRun.ProgressAsync(topology, systems.DepartmentPrefix, 20, within > TimeSpan.FromSeconds(5) ? within : TimeSpan.FromSeconds(5)));
                Assert.True(reconnected is not null, "the Reconciler replica did not connect to the broker again after the cut:\n" + isolated.LogTail());
                return new FaultReport(what, reconnected!.Value, "broker reachable again to the replica's new broker connection");
            });
        }
        finally
        {
            // Back as it was for the next scenario: the relay gives the replica's port on this host's loopback up first.
            await isolated.StopAsync(TimeSpan.FromSeconds(30));
            await host.DisposeAsync();
            replicas[^1] = original;
            await topology.StartReplicaAsync(original);
        }
    }
}
