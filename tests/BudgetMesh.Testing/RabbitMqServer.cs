using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BudgetMesh.Testing.Processes;
using RabbitMQ.Client;

namespace BudgetMesh.Testing;

/// <summary>
/// A throwaway RabbitMQ node with its own epmd on free ports in a temp dir, or the broker in
/// <c>BUDGETMESH_TEST_RABBITMQ</c> (an amqp URI) when set (then nothing is started, stopped or controlled).
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable, IControlledServer
{
    public const string EnvironmentVariable = "BUDGETMESH_TEST_RABBITMQ";

    /// <summary>
    /// An external broker has no rabbitmqctl we could reach, so virtual hosts go through its management API:
    /// this URL, or http://host:15672/ with the AMQP credentials when unset.
    /// </summary>
    public const string ManagementEnvironmentVariable = "BUDGETMESH_TEST_RABBITMQ_MANAGEMENT";

    private const string LauncherScript = """
        exec </dev/null >>"$BUDGETMESH_DIR/console.log" 2>&1
        echo $$ >"$BUDGETMESH_DIR/rabbit.pid"
        # Our own epmd in our own tree, up before erl looks for one: otherwise erl starts a daemonised epmd
        # that escapes every process tree and outlives the run. A cluster's nodes share the cluster's epmd instead.
        if [ "$BUDGETMESH_OWN_EPMD" = 1 ]; then
          epmd -port "$ERL_EPMD_PORT" &
          echo $! >"$BUDGETMESH_DIR/epmd.pid"
        fi
        for i in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$ERL_EPMD_PORT") 2>/dev/null && break; sleep 0.05; done
        exec "$BUDGETMESH_RABBITMQ_SERVER"
        """;

    private static readonly Lazy<Task<RabbitMqServer>> Shared = new(() => CreateSharedAsync());

    private readonly RabbitMqBinaries? binaries;
    private readonly ServerControl control;
    private readonly bool isShared;
    private readonly Uri? managementUri;
    private readonly int distributionPort;
    private readonly int epmdPort;
    private readonly ClusterMembership? cluster;
    private Process? launcher;
    private int? rootPid;
    private int? beamPid;
    private int? epmdPid;

    private RabbitMqServer(
        string host, int port, string username, string password, RabbitMqBinaries? binaries, string? directory, bool isShared, Uri? managementUri,
        ClusterMembership? cluster = null)
    {
        this.cluster = cluster;
        Host = host;
        Port = port;
        Username = username;
        Password = password;
        this.binaries = binaries;
        Directory = directory;
        this.isShared = isShared;
        this.managementUri = managementUri;
        control = new ServerControl(binaries is null ? ExternalCannot : null);
        NodeName = directory is null ? null : $"budgetmesh-{Guid.NewGuid().ToString("N")[..8]}@localhost";
        distributionPort = directory is null ? 0 : FreePort.Next();
        epmdPort = directory is null ? 0 : cluster?.EpmdPort ?? FreePort.Next();
    }

    public string Host { get; }

    public int Port { get; private set; }

    public string Username { get; }

    public string Password { get; }

    /// <summary>The default virtual host; fixtures hand out a fresh one per test class instead.</summary>
    public Uri AmqpUri => AmqpUriFor("/");

    public bool IsExternal => binaries is null;

    /// <summary>The Erlang node name (for rabbitmqctl -n); null when external.</summary>
    public string? NodeName { get; }

    /// <summary>The beam.smp pid while running; null when stopped or external.</summary>
    public int? Pid => beamPid;

    /// <summary>The node's own epmd while running; null when stopped or external.</summary>
    public int? EpmdPid => epmdPid;

    /// <summary>The temp dir holding mnesia, logs and the Erlang cookie; null when external.</summary>
    public string? Directory { get; }

    /// <summary>From process start to the first successful AMQP handshake, for the last start.</summary>
    public TimeSpan LastStartDuration { get; private set; }

    /// <summary>The launcher shell (parent of beam and epmd): the root of the tree the lifetime tests check.</summary>
    internal int? RootPid => rootPid;

    public static Task<RabbitMqServer> GetSharedAsync(CancellationToken cancellationToken = default) =>
        Shared.Value.WaitAsync(cancellationToken);

    /// <summary>A node of its own, always local, for tests that stop or kill it. Dispose it.</summary>
    public static Task<RabbitMqServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartLocalAsync(RabbitMqBinaries.Default, isShared: false, cancellationToken);

    internal static Task<RabbitMqServer> StartAsync(RabbitMqBinaries binaries, CancellationToken cancellationToken) =>
        StartLocalAsync(binaries, isShared: false, cancellationToken);

    public Uri AmqpUriFor(string virtualHost) => new UriBuilder("amqp", Host, Port)
    {
        UserName = Uri.EscapeDataString(Username),
        Password = Uri.EscapeDataString(Password),
        Path = "/" + Uri.EscapeDataString(virtualHost),
    }.Uri;

    /// <summary>Creates a virtual host with a unique name, grants the user everything on it, returns the name.</summary>
    public async Task<string> CreateVirtualHostAsync(CancellationToken cancellationToken = default)
    {
        var name = "test-" + Guid.NewGuid().ToString("N");
        if (IsExternal)
        {
            await ManagementAsync(HttpMethod.Put, $"api/vhosts/{Uri.EscapeDataString(name)}", "{}", cancellationToken);
            await ManagementAsync(
                HttpMethod.Put,
                $"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(Username)}",
                """{"configure":".*","write":".*","read":".*"}""",
                cancellationToken);
        }
        else
        {
            await RabbitMqCtlAsync(["add_vhost", name], cancellationToken);
            await RabbitMqCtlAsync(["set_permissions", "-p", name, Username, ".*", ".*", ".*"], cancellationToken);
        }

        return name;
    }

    /// <summary>Deletes the virtual host with its queues and exchanges, closing connections to it.</summary>
    public async Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        if (IsExternal)
        {
            await ManagementAsync(HttpMethod.Delete, $"api/vhosts/{Uri.EscapeDataString(name)}", null, cancellationToken);
        }
        else
        {
            await RabbitMqCtlAsync(["delete_vhost", name], cancellationToken);
        }
    }

    /// <summary>The durable queues of <paramref name="virtualHost"/> (rabbitmqctl: a local node only; slow, call it rarely).</summary>
    public async Task<IReadOnlyList<string>> DurableQueuesAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        if (IsExternal)
        {
            throw new NotSupportedException("Listing queues needs a local node (rabbitmqctl).");
        }

        var output = await Command.RunCheckedAsync(
            binaries!.RabbitMqCtl, ["-n", NodeName!, "list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "durable"],
            NodeEnvironment(), TimeSpan.FromMinutes(4), cancellationToken);
        return
        [
            .. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 2 && fields[1] == "true")
                .Select(fields => fields[0])
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// How many consumers the broker itself counts on each of <paramref name="queues"/> (a passive declare per queue
    /// over a fresh connection); null while the broker does not answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, uint>?> ConsumerCountsAsync(string virtualHost, IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            Uri = AmqpUriFor(virtualHost),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ClientProvidedName = "test consumer count",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var counts = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var queue in queues)
            {
                counts[queue] = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount;
            }

            return counts;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException
            or RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Orderly shutdown (SIGTERM to beam, which RabbitMQ handles as a clean stop); mnesia stays for <see cref="RestartAsync"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be stopped", async () =>
    {
        if (rootPid is null)
        {
            return;
        }

        var tree = ProcessTree.Collect(Roots());
        if (beamPid is { } beam)
        {
            ProcessTree.Signal(beam, ProcessTree.SigTerm);
            await ProcessTree.WaitUntilGoneAsync([beam], TimeSpan.FromSeconds(60), cancellationToken);
        }

        // epmd and the launcher shell do not stop with beam.
        ProcessTree.KillTree(tree);
        await ProcessTree.WaitUntilGoneAsync(tree, TimeSpan.FromSeconds(10), cancellationToken);
        ForgetProcesses();
    }, cancellationToken);

    /// <summary>SIGKILL to beam, epmd and all their helpers at once; returns when all are gone.</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => control.RunAsync("cannot be killed", KillProcessesAsync, cancellationToken);

    /// <summary>Starts the node again with the same name, ports and mnesia directory (stops it first if running).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        control.RestartAsync(StopAsync, () => StartProcessAsync(cancellationToken), cancellationToken);

    /// <summary>Kills and deletes a dedicated node. The shared one lives until the test process ends, so this is a no-op for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!isShared && !IsExternal)
        {
            await KillAndDeleteAsync();
        }
    }

    IEnumerable<int> ILocalServer.RootPids() => Roots();

    Task IControlledServer.StartProcessAsync(CancellationToken cancellationToken) => StartProcessAsync(cancellationToken);

    Task IControlledServer.KillAndDeleteAsync() => KillAndDeleteAsync();

    /// <summary>Most likely someone took one of our free ports first: a clean node on a new AMQP port.</summary>
    async Task IControlledServer.UseNewPortsAsync()
    {
        await KillProcessesAsync();
        LocalServers.DeleteDirectory(Path.Combine(Directory!, "mnesia"));
        Port = FreePort.Next();
    }

    private async Task KillAndDeleteAsync()
    {
        LocalServers.Unregister(this);
        await KillProcessesAsync();
        LocalServers.DeleteDirectory(Directory!);
    }

    private IEnumerable<int> Roots()
    {
        // The pid files cover a start that was still in progress when the test process began to exit.
        int?[] candidates = [rootPid, epmdPid, beamPid, ReadPidFile("rabbit.pid"), ReadPidFile("epmd.pid")];
        return candidates.OfType<int>().Distinct();
    }

    private void ForgetProcesses()
    {
        rootPid = beamPid = epmdPid = null;
        launcher?.Dispose();
        launcher = null;
        if (Directory is not null)
        {
            File.Delete(Path.Combine(Directory, "rabbit.pid"));
            File.Delete(Path.Combine(Directory, "epmd.pid"));
        }
    }

    private static async Task<RabbitMqServer> CreateSharedAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var uri = new Uri(fromEnvironment);
            var credentials = uri.UserInfo.Split(':', 2);
            var username = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest";
            var password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest";
            var management = Environment.GetEnvironmentVariable(ManagementEnvironmentVariable);
            var managementUri = new Uri(string.IsNullOrWhiteSpace(management) ? $"http://{uri.Host}:15672/" : management);
            return new RabbitMqServer(uri.Host, uri.Port > 0 ? uri.Port : 5672, username, password, null, null, isShared: true, managementUri);
        }

        return await StartLocalAsync(RabbitMqBinaries.Default, isShared: true, CancellationToken.None);
    }

    /// <summary>A node of a <see cref="RabbitMqCluster"/>: the cluster's cookie and epmd, not yet joined.</summary>
    internal static Task<RabbitMqServer> StartClusterNodeAsync(ClusterMembership cluster, CancellationToken cancellationToken) =>
        StartLocalAsync(RabbitMqBinaries.Default, isShared: false, cancellationToken, cluster);

    private static async Task<RabbitMqServer> StartLocalAsync(RabbitMqBinaries binaries, bool isShared, CancellationToken cancellationToken,
        ClusterMembership? cluster = null)
    {
        binaries.EnsureInstalled();
        var directory = LocalServers.CreateDirectory("budgetmesh-rabbitmq-").FullName;
        var server = new RabbitMqServer("127.0.0.1", FreePort.Next(), "guest", "guest", binaries, directory, isShared, null, cluster);
        await ServerControl.StartNewAsync(server, ["rabbit.pid", "epmd.pid"], () =>
        {
            server.WriteConfiguration();
            return Task.CompletedTask;
        }, cancellationToken);
        return server;
    }

    private async Task KillProcessesAsync()
    {
        var killed = ProcessTree.KillTree(Roots());
        await ProcessTree.WaitUntilGoneAsync(killed, TimeSpan.FromSeconds(10), CancellationToken.None);
        ForgetProcesses();
    }

    private void WriteConfiguration()
    {
        var directory = Directory!;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "home"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "log"));
        // The cookie exists before the node and the CLI both look for it, so they never race to create it.
        var cookie = Path.Combine(directory, "home", ".erlang.cookie");
        File.WriteAllText(cookie, cluster?.Cookie ?? Guid.NewGuid().ToString("N").ToUpperInvariant());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        }
        File.WriteAllText(Path.Combine(directory, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(directory, "rabbitmq-env.conf"), "");
        // A nearly full CI disk must not block publishers in the middle of a test.
        File.WriteAllText(Path.Combine(directory, "rabbitmq.conf"), "disk_free_limit.absolute = 1MB\n");
    }

    private Dictionary<string, string> NodeEnvironment()
    {
        var directory = Directory!;
        return new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(directory, "home"),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            // Keep /etc/rabbitmq out: a machine-wide rabbitmq-env.conf would override our ports and names.
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(directory, "rabbitmq-env.conf"),
            ["LC_ALL"] = "C.UTF-8",
        };
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var directory = Directory!;
        var info = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("/bin/bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(LauncherScript);
        foreach (var (key, value) in NodeEnvironment())
        {
            info.Environment[key] = value;
        }

        info.Environment["BUDGETMESH_DIR"] = directory;
        info.Environment["BUDGETMESH_OWN_EPMD"] = cluster is null ? "1" : "0";
        info.Environment["BUDGETMESH_RABBITMQ_SERVER"] = binaries!.RabbitMqServerScript;
        info.Environment["RABBITMQ_NODENAME"] = NodeName;
        info.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        info.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log");
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins");
        info.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq.conf");
        info.Environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(directory, "advanced.config");
        info.Environment["RABBITMQ_PID_FILE"] = Path.Combine(directory, "beam.pid");
        // Erlang distribution only on loopback, like everything else here.
        info.Environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";

        var watch = Stopwatch.StartNew();
        launcher = Process.Start(info) ?? throw new InvalidOperationException("Could not start rabbitmq-server.");
        rootPid = launcher.Id;
        // The launcher redirects to console.log at once; our ends of the pipes are not needed.
        launcher.StandardInput.Close();
        launcher.StandardOutput.Close();
        launcher.StandardError.Close();

        await WaitForAmqpAsync(cancellationToken);
        LastStartDuration = watch.Elapsed;
        var tree = ProcessTree.Collect([launcher.Id]);
        beamPid = tree.FirstOrDefault(pid => ProcessTree.CommandName(pid) == "beam.smp") is var beam and > 0
            ? beam
            : throw new InvalidOperationException($"RabbitMQ answers on port {Port} but no beam.smp runs under pid {launcher.Id}.");
        epmdPid = ReadPidFile("epmd.pid");
    }

    private async Task WaitForAmqpAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = Host,
            Port = Port,
            UserName = Username,
            Password = Password,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
        };
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (launcher is null || launcher.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited during start-up.\n{ReadLogs()}");
            }

            try
            {
                // A real handshake, not just an open port: the listener opens before the broker accepts logins.
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new InvalidOperationException($"RabbitMQ did not accept AMQP connections on port {Port} within 120 s: {last?.Message}\n{ReadLogs()}");
    }

    internal Task<string> RabbitMqCtlOutputAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        Command.RunCheckedAsync(binaries!.RabbitMqCtl, ["-n", NodeName!, .. arguments], NodeEnvironment(), TimeSpan.FromMinutes(4), cancellationToken);

    internal async Task RabbitMqCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // Each rabbitmqctl call boots an Erlang VM of its own: seconds on an idle machine, but over a minute was seen
        // on two cores shared with a whole parallel test run (load ~25), so the limit only catches a hung tool.
        await Command.RunCheckedAsync(
            binaries!.RabbitMqCtl, ["-n", NodeName!, .. arguments], NodeEnvironment(), TimeSpan.FromMinutes(4), cancellationToken);
    }

    private async Task ManagementAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException(
                $"The RabbitMQ management API at {managementUri} is unreachable; an external broker ({EnvironmentVariable}) needs " +
                $"the rabbitmq_management plugin, or set {ManagementEnvironmentVariable}.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"{method} {managementUri}{path} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    private int? ReadPidFile(string name) => Directory is null ? null : ServerControl.ReadPidFile(Path.Combine(Directory, name));

    private string ReadLogs()
    {
        var text = new StringBuilder();
        foreach (var file in new[] { Path.Combine(Directory!, "console.log"), Path.Combine(Directory!, "log", $"{NodeName}.log") })
        {
            try
            {
                text.Append("--- ").Append(file).Append('\n').AppendJoin('\n', File.ReadAllLines(file).TakeLast(30)).Append('\n');
            }
            catch (IOException)
            {
            }
        }

        return text.ToString();
    }

    private static InvalidOperationException ExternalCannot(string what) =>
        new($"The RabbitMQ broker from {EnvironmentVariable} {what}: fault tests need a local one, use RabbitMqServer.StartAsync().");
}

/// <summary>What the nodes of one cluster share: the Erlang cookie and the epmd they register with.</summary>
internal sealed record ClusterMembership(string Cookie, int EpmdPort);

/// <summary>Where the RabbitMQ programs live; tests point it elsewhere to check the missing-binaries message.</summary>
internal sealed record RabbitMqBinaries(string Directory)
{
    public static RabbitMqBinaries Default { get; } = new("/usr/lib/rabbitmq/bin");

    public string RabbitMqCtl => Path.Combine(Directory, "rabbitmqctl");

    public string RabbitMqServerScript => Path.Combine(Directory, "rabbitmq-server");

    public void EnsureInstalled()
    {
        foreach (var tool in new[] { RabbitMqServerScript, RabbitMqCtl, "/usr/bin/epmd" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException(
                    $"RabbitMQ is not installed ({tool} is missing): run `apt-get install -y rabbitmq-server`, " +
                    $"or set {RabbitMqServer.EnvironmentVariable} to an amqp:// URI.");
            }
        }
    }
}
