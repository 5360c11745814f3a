using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Testing.Processes;

namespace BudgetMesh.Testing.Topology;

/// <summary>
/// A RabbitMQ cluster of local nodes, each a <see cref="RabbitMqServer"/> with its own name, AMQP and distribution
/// ports and mnesia directory, sharing one Erlang cookie and one epmd (which lives apart from every node, so that a
/// node's kill -9 leaves the others findable). Nodes after the first join it with <c>rabbitmqctl join_cluster</c>; a
/// node started again with <see cref="RabbitMqServer.RestartAsync"/> rejoins by itself from its mnesia directory.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private readonly ClusterEpmd _epmd;
    private readonly List<RabbitMqServer> _nodes = [];

    private RabbitMqCluster(ClusterEpmd epmd) => _epmd = epmd;

    public IReadOnlyList<RabbitMqServer> Nodes => _nodes;

    public static async Task<RabbitMqCluster> StartAsync(int nodes = 3, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var cluster = new RabbitMqCluster(await ClusterEpmd.StartAsync(cancellationToken));
        try
        {
            var membership = new ClusterMembership(Guid.NewGuid().ToString("N").ToUpperInvariant(), cluster._epmd.Port);
            // One Erlang VM at a time: two cores shared with everything else.
            for (var i = 0; i < nodes; i++)
            {
                cluster._nodes.Add(await RabbitMqServer.StartClusterNodeAsync(membership, cancellationToken));
            }

            var first = cluster._nodes[0];
            foreach (var node in cluster._nodes.Skip(1))
            {
                await node.RabbitMqCtlAsync(["stop_app"], cancellationToken);
                await node.RabbitMqCtlAsync(["join_cluster", first.NodeName!], cancellationToken);
                await node.RabbitMqCtlAsync(["start_app"], cancellationToken);
            }

            await first.RabbitMqCtlAsync(["await_online_nodes", nodes.ToString(CultureInfo.InvariantCulture)], cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>For BUDGETMESH_RABBITMQ: every node's AMQP URI for <paramref name="virtualHost"/>, comma-separated.</summary>
    public string SettingFor(string virtualHost) => string.Join(',', _nodes.Select(n => n.AmqpUriFor(virtualHost)));

    /// <summary>A virtual host (cluster-wide) with the user's permissions; returns its name.</summary>
    public Task<string> CreateVirtualHostAsync(CancellationToken cancellationToken = default) =>
        RunningNode().CreateVirtualHostAsync(cancellationToken);

    /// <summary>The nodes the cluster counts as running, asked of a node that runs (rabbitmqctl: seconds).</summary>
    public async Task<IReadOnlyList<string>> RunningNodesAsync(CancellationToken cancellationToken = default)
    {
        var output = await RunningNode().RabbitMqCtlOutputAsync(["cluster_status", "--formatter", "json"], cancellationToken);
        using var status = System.Text.Json.JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        return [.. status.RootElement.GetProperty("running_nodes").EnumerateArray().Select(n => n.GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The queues of <paramref name="virtualHost"/> with their type and depth (rabbitmqctl list_queues): whether each is
    /// replicated, and where messages wait (an <c>_error</c> queue is where a consumer gave up).
    /// </summary>
    public async Task<IReadOnlyList<BrokerQueue>> QueuesAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        var output = await RunningNode().RabbitMqCtlOutputAsync(["list_queues", "-p", virtualHost, "name", "type", "messages", "--formatter", "json"], cancellationToken);
        using var queues = System.Text.Json.JsonDocument.Parse(output[output.IndexOf('[', StringComparison.Ordinal)..]);
        return [.. queues.RootElement.EnumerateArray().Select(q => new BrokerQueue(
            q.GetProperty("name").GetString()!,
            q.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty,
            q.TryGetProperty("messages", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetInt64() : 0))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _epmd.DisposeAsync();
    }

    private RabbitMqServer RunningNode() =>
        _nodes.FirstOrDefault(n => n.Pid is not null) ?? throw new InvalidOperationException("No node of the cluster runs.");
}

/// <summary>One queue as the broker lists it: its name, type (classic, quorum) and the messages it holds.</summary>
public sealed record BrokerQueue(string Name, string Type, long Messages);

/// <summary>The epmd a cluster's nodes register with, in a process tree of its own.</summary>
internal sealed class ClusterEpmd : IControlledServer, IAsyncDisposable
{
    private const string Script = """
        exec </dev/null >>"$BUDGETMESH_DIR/epmd.log" 2>&1
        echo $$ >"$BUDGETMESH_DIR/epmd.pid"
        exec epmd -port "$ERL_EPMD_PORT"
        """;

    private Process? _process;

    private ClusterEpmd(string directory)
    {
        Directory = directory;
        Port = FreePort.Next();
    }

    public int Port { get; private set; }

    public string? Directory { get; }

    public static async Task<ClusterEpmd> StartAsync(CancellationToken cancellationToken)
    {
        var epmd = new ClusterEpmd(LocalServers.CreateDirectory("budgetmesh-epmd-").FullName);
        await ServerControl.StartNewAsync(epmd, ["epmd.pid"], () => Task.CompletedTask, cancellationToken);
        return epmd;
    }

    public IEnumerable<int> RootPids() =>
        new[] { _process?.Id, ServerControl.ReadPidFile(Path.Combine(Directory!, "epmd.pid")) }.OfType<int>().Distinct();

    public async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        info.ArgumentList.Add("/bin/bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.Environment["BUDGETMESH_DIR"] = Directory;
        info.Environment["ERL_EPMD_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start epmd.");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"epmd exited on port {Port}.");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new InvalidOperationException($"epmd did not listen on port {Port} within 20 s.");
    }

    public async Task UseNewPortsAsync()
    {
        await KillAndDeleteProcessAsync();
        Port = FreePort.Next();
    }

    public async Task KillAndDeleteAsync()
    {
        LocalServers.Unregister(this);
        await KillAndDeleteProcessAsync();
        LocalServers.DeleteDirectory(Directory!);
    }

    public async ValueTask DisposeAsync() => await KillAndDeleteAsync();

    private async Task KillAndDeleteProcessAsync()
    {
        var killed = ProcessTree.KillTree(RootPids());
        await ProcessTree.WaitUntilGoneAsync(killed, TimeSpan.FromSeconds(10), CancellationToken.None);
        _process?.Dispose();
        _process = null;
    }
}
