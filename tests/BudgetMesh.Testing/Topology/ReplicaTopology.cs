using System.Globalization;
using System.Security.Cryptography;
using BudgetMesh.GrpcClients;
using Npgsql;

namespace BudgetMesh.Testing.Topology;

/// <summary>What a <see cref="ReplicaTopology"/> runs.</summary>
public sealed record TopologyOptions
{
    /// <summary>Replicas of every service (1 is the plain deployment, on the same cluster and database pair).</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>Replicas per service where it differs from <see cref="Replicas"/>, e.g. ["Reconciler"] = 2.</summary>
    public IReadOnlyDictionary<string, int> ReplicasOf { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>RabbitMQ cluster nodes.</summary>
    public int BrokerNodes { get; init; } = 3;

    /// <summary>Whether PostgreSQL has a streaming standby the services also know about.</summary>
    public bool Standby { get; init; } = true;

    /// <summary>
    /// The services that run (Intake always does): by default all of them, the console included (its replicas share
    /// their Data Protection key ring).
    /// </summary>
    public IReadOnlyList<string> Services { get; init; } = ServiceBinaries.Services;

    /// <summary>Extra settings for every process, e.g. a log level.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public int ReplicasFor(string service) => ReplicasOf.TryGetValue(service, out var count) ? count : Replicas;
}

/// <summary>
/// The system past one machine, on one machine: every service in replicas on ports of their own, each peer given all
/// its replicas' addresses (calls balanced round-robin, see <see cref="PeerAddress"/>); a <see cref="RabbitMqCluster"/>
/// (quorum queues, every node's address given to every service); PostgreSQL primary and streaming standby, the services
/// connecting with a multi-host connection string that asks for the primary, so a promoted standby is followed without
/// reconfiguration; an nginx website; the bootstrap admin key and a key per role. Every replica, node and database server
/// can be stopped, killed (SIGKILL) and started again (<see cref="Replicas"/>, <see cref="Broker"/>, <see cref="Primary"/>,
/// <see cref="Standby"/>). Loopback only. Dispose it.
/// </summary>
public sealed partial class ReplicaTopology : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(180);

    private readonly TopologyOptions _options;
    private readonly Dictionary<string, List<ServiceProcess>> _replicas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GrpcPeerChannel> _channels = new(StringComparer.Ordinal);
    private string _database = string.Empty;
    private string _virtualHost = string.Empty;

    private ReplicaTopology(TopologyOptions options)
    {
        _options = options;
        LogDirectory = Directory.CreateTempSubdirectory("budgetmesh-topology-logs-").FullName;
        ConsoleKeysDirectory = Directory.CreateTempSubdirectory("budgetmesh-topology-console-keys-").FullName;
    }

    public RabbitMqCluster Broker { get; private set; } = null!;

    public PostgresServer Primary { get; private set; } = null!;

    /// <summary>The streaming standby; null without one.</summary>
    public PostgresServer? Standby { get; private set; }

    public NginxWebsite Website { get; private set; } = null!;

    /// <summary>Every process writes its output here, one file per replica (Intake-1.log, …).</summary>
    public string LogDirectory { get; }

    /// <summary>The console replicas' shared Data Protection key ring (cookies of one replica are read by the other).</summary>
    public string ConsoleKeysDirectory { get; }

    public string AdminKey { get; } = NewKey("topoadmin");

    public string OperatorKey { get; private set; } = string.Empty;

    public string ReconcilerKey { get; private set; } = string.Empty;

    public string PublicationKey { get; private set; } = string.Empty;

    /// <summary>A district key per seed district.</summary>
    public Dictionary<string, string> DistrictKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>The services' connection string: both servers, the primary wanted (Npgsql finds it).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The services' BUDGETMESH_RABBITMQ: every node of the cluster, one virtual host.</summary>
    public string BrokerSetting => Broker.SettingFor(_virtualHost);

    public string VirtualHost => _virtualHost;

    /// <summary>The replicas of each service, by service name (<see cref="ServiceBinaries.Services"/>).</summary>
    public IReadOnlyDictionary<string, List<ServiceProcess>> Replicas => _replicas;

    /// <summary>Every replica of every service.</summary>
    public IEnumerable<ServiceProcess> AllReplicas => _replicas.Values.SelectMany(r => r);

    public static async Task<ReplicaTopology> StartAsync(TopologyOptions? options = null)
    {
        var topology = new ReplicaTopology(options ?? new TopologyOptions());
        try
        {
            await topology.StartServersAsync();
            await topology.StartServicesAsync();
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>The addresses of a service's replicas as a peer setting (BUDGETMESH_&lt;PEER&gt;_URL).</summary>
    public string PeerSetting(string service) =>
        string.Join(',', _ports[service].Select(port => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>A channel balanced across a service's replicas, for the test's own calls; the topology disposes it.</summary>
    public GrpcPeerChannel Channel(string service)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(service, out var channel))
            {
                channel = new GrpcPeerChannel(PeerAddress.Parse(PeerSetting(service), service));
                _channels[service] = channel;
            }

            return channel;
        }
    }

    /// <summary>A fresh, unpooled connection to the primary, wherever it is now.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Every replica's log tail, for a failure message.</summary>
    public string Logs(int lines = 30) => string.Join("\n", AllReplicas.Select(s => $"--- {s.Name} ---\n{s.LogTail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        await Task.WhenAll(AllReplicas.Select(async s => await s.DisposeAsync()));
        if (Website is not null)
        {
            await Website.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        if (Standby is not null)
        {
            await Standby.DisposeAsync();
        }

        if (Primary is not null)
        {
            await Primary.DisposeAsync();
        }

        LocalServersCleanup(ConsoleKeysDirectory);
    }

    private async Task StartServersAsync()
    {
        var website = NginxWebsite.StartAsync();
        Primary = await PostgresServer.StartAsync();
        _database = await Primary.CreateDatabaseAsync();
        if (_options.Standby)
        {
            Standby = await PostgresServer.StartStandbyAsync(Primary);
        }

        Broker = await RabbitMqCluster.StartAsync(_options.BrokerNodes);
        _virtualHost = await Broker.CreateVirtualHostAsync();
        Website = await website;
        var hosts = new[] { Primary }.Concat(Standby is null ? [] : [Standby]).Select(s => $"{s.Host}:{s.Port.ToString(CultureInfo.InvariantCulture)}");
        var connection = new NpgsqlConnectionStringBuilder { Host = string.Join(',', hosts), Database = _database, Username = Primary.Username };
        if (Standby is not null)
        {
            // Npgsql allows a target only with several hosts.
            connection.TargetSessionAttributes = "primary";
            // A server that went away is tried again after this long rather than Npgsql's default 10 s.
            connection.HostRecheckSeconds = 2;
        }

        ConnectionString = connection.ConnectionString;
    }

    private static void LocalServersCleanup(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string NewKey(string id)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return $"bm_{id}_{RandomNumberGenerator.GetString(alphabet, 43)}";
    }
}
