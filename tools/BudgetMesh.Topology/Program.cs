using System.Globalization;
using System.Runtime.InteropServices;
using BudgetMesh.Testing;
using BudgetMesh.Testing.Topology;

// `make run REPLICAS=N`: every service in N replicas on ports of their own, a three-node RabbitMQ cluster and PostgreSQL
// with a streaming standby, all on loopback and throwaway (server temp dirs removed on exit; the logs stay), until
// Ctrl-C or SIGTERM.
//   dotnet BudgetMesh.Topology.dll [--replicas N]      (default: BUDGETMESH_REPLICAS, else 2)
if (ReadReplicas(args) is not { } replicas)
{
    return 2;
}

Console.WriteLine($"正在启动副本拓扑：每个服务 {replicas} 个副本，RabbitMQ 三节点集群，PostgreSQL 主库加流复制备库……");
await using var topology = await ReplicaTopology.StartAsync(new TopologyOptions
{
    Replicas = replicas,
    Environment = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" },
});

// The seeds, one submission each, so the console has something to show.
foreach (var prefix in new[] { Seeds.Jiulongpo2025, Seeds.Dadukou2025, Seeds.Jiulongpo2023 })
{
    var receipt = await topology.SubmitAsync(Seeds.Load(prefix));
    Console.WriteLine($"已报送种子 {prefix.TrimEnd('_')}：{receipt.SubmissionId}");
}

Console.WriteLine();
Console.WriteLine("================ BudgetMesh 副本拓扑已运行 ================");
foreach (var (service, processes) in topology.Replicas)
{
    Console.WriteLine($"{service,-20} {string.Join("  ", processes.Select(p => $"{p.Address.GetLeftPart(UriPartial.Authority)} (pid {p.Pid})"))}");
}

Console.WriteLine($"RabbitMQ 集群        {string.Join("  ", topology.Broker.Nodes.Select(n => $"{n.NodeName} :{n.Port.ToString(CultureInfo.InvariantCulture)}"))}");
Console.WriteLine($"PostgreSQL           主库 :{topology.Primary.Port.ToString(CultureInfo.InvariantCulture)}  备库 :{topology.Standby!.Port.ToString(CultureInfo.InvariantCulture)}");
Console.WriteLine($"公开网站             {topology.Website.BaseUrl}");
Console.WriteLine($"操作员密钥           {topology.OperatorKey}");
Console.WriteLine($"命令行示例           BUDGETMESH_KEY={topology.OperatorKey} BUDGETMESH_INTAKE_URL={topology.PeerSetting("Intake")} budgetmesh list");
Console.WriteLine($"日志                 {topology.LogDirectory}");
Console.WriteLine("按 Ctrl-C 停止（数据库、消息队列和网站的数据为临时数据，停止后删除；日志保留在上面的目录）。");
Console.WriteLine("=========================================================");

var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine("正在停止副本拓扑……");
return 0;

static int? ReadReplicas(string[] args)
{
    if (args.Length is not (0 or 2) || (args.Length == 2 && args[0] != "--replicas"))
    {
        Console.Error.WriteLine("用法：BudgetMesh.Topology [--replicas N]");
        return null;
    }

    var text = args.Length == 2 ? args[1] : Environment.GetEnvironmentVariable("BUDGETMESH_REPLICAS") ?? "2";
    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 4)
    {
        return count;
    }

    Console.Error.WriteLine($"副本数无效（--replicas 或 BUDGETMESH_REPLICAS）：{text}，应为 1 到 4 的整数");
    return null;
}
