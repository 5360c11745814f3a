using System.Diagnostics;
using BudgetMesh.GrpcClients;
using BudgetMesh.Testing.Topology;
using Npgsql;

namespace BudgetMesh.Bench;

/// <summary>
/// 7. One replica against two (issue 22): the 10,000-package throughput run of 3, once with one Intake and one
/// Reconciler and once with two of each, every other service single, on the same servers (a one-node RabbitMQ
/// "cluster", one PostgreSQL) started afresh for each run by the replica topology of BudgetMesh.Testing. Submissions go
/// round-robin to the Intake replicas (client-side balancing); the Reconciler replicas compete for one queue. The
/// CPU of every process in each run says where the cores went.
/// </summary>
internal sealed class ReplicasBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "7 Replicas";
    private const int Submitters = 16;
    private static readonly string[] Services = ["Intake", "Classification", "ThreePublicExpenses", "PerformanceTargets", "Reconciler"];

    private readonly Packages _packages = Packages.Load("7");
    private int _next = -1;

    public async Task RunAsync()
    {
        var one = await MeasureAsync(1);
        var two = await MeasureAsync(2);
        results.Add(new Figure(Name, $"two Intakes and two Reconcilers against one of each: reconcile rate, {environment.Options.EndToEndPackages:N0} packages",
            two / one, "×", Note: $"{one:0.0}/s with one, {two:0.0}/s with two, on {Environment.ProcessorCount} cores"));
    }

    private async Task<double> MeasureAsync(int replicas)
    {
        var started = Stopwatch.StartNew();
        await using var topology = await ReplicaTopology.StartAsync(new TopologyOptions
        {
            Replicas = 1,
            ReplicasOf = new Dictionary<string, int> { ["Intake"] = replicas, ["Reconciler"] = replicas },
            BrokerNodes = 1,
            Standby = false,
            Services = Services,
        });
        using var api = new IntakeApi(PeerAddress.Parse(topology.PeerSetting("Intake"), "Intake"), topology.DistrictKeys);
        await using var reports = NpgsqlDataSource.Create(topology.ConnectionString);
        var label = replicas == 1 ? "one Intake, one Reconciler" : $"{replicas} Intakes, {replicas} Reconcilers";
        Console.WriteLine($"  {label}: up after {started.Elapsed.TotalSeconds:0} s");

        // Every replica past its JIT before anything is measured: a batch spread across them.
        var warm = await SubmitAsync(api, 200 * replicas);
        await EndToEndBenchmark.WaitForReportsAsync(reports, warm, TimeSpan.FromSeconds(180));

        var processes = topology.AllReplicas.ToList();
        var cpuBefore = Cpu(topology, processes);
        var total = environment.Options.EndToEndPackages;
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow;
        var ids = await SubmitAsync(api, total);
        var accepted = clock.Elapsed;
        var stored = await EndToEndBenchmark.WaitForReportsAsync(reports, ids, environment.Options.EndToEndPatience);
        var elapsed = ((stored.Count == 0 ? start : stored.Values.Max()) - start).TotalSeconds;
        var cpuAfter = Cpu(topology, processes);
        var rate = stored.Count / Math.Max(elapsed, 0.001);

        results.Add(new Figure(Name, $"{label}: {total:N0} packages reconciled in", elapsed, "s",
            Note: $"{rate:0.0} reconciled/s; {stored.Count:N0} of {ids.Length:N0} accepted ({total - ids.Length} refused) in {accepted.TotalSeconds:0.0} s"));
        var wall = clock.Elapsed.TotalSeconds;
        results.Note(Name, $"{label}: CPU seconds in the run ({wall:0} s wall × {Environment.ProcessorCount} cores = {wall * Environment.ProcessorCount:0} available): "
            + string.Join(", ", cpuAfter.Select(kv => $"{kv.Key} {kv.Value - cpuBefore.GetValueOrDefault(kv.Key):0}")) + ".");
        return rate;
    }

    private async Task<Guid[]> SubmitAsync(IntakeApi api, int count)
    {
        var ids = new Guid[count];
        var index = -1;
        await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref index)) < count)
            {
                try
                {
                    ids[mine] = Guid.Parse((await api.SubmitAsync(_packages.Variant(Interlocked.Increment(ref _next)))).SubmissionId);
                }
                catch (global::Grpc.Core.RpcException)
                {
                    // Counted as refused: its id stays empty.
                }
            }
        })));
        return [.. ids.Where(id => id != Guid.Empty)];
    }

    private static Dictionary<string, double> Cpu(ReplicaTopology topology, IReadOnlyList<BudgetMesh.Testing.ServiceProcess> processes)
    {
        var cpu = processes.Where(p => p.Pid is not null).ToDictionary(p => p.Name, p => ProcessCpu.TreeSeconds(p.Pid!.Value));
        if (topology.Primary.Pid is { } postgres)
        {
            cpu["PostgreSQL"] = ProcessCpu.TreeSeconds(postgres);
        }

        if (topology.Broker.Nodes[0].Pid is { } rabbit)
        {
            cpu["RabbitMQ"] = ProcessCpu.TreeSeconds(rabbit);
        }

        cpu["bench (load generator)"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return cpu;
    }
}
