using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BudgetMesh.Testing.Processes;

namespace BudgetMesh.Testing.Network;

/// <summary>
/// A host of its own on this machine: a Linux network namespace (iproute2 <c>ip netns</c>) joined to this host by a
/// veth pair in 10.231.N.0/24, nothing routed beyond it. Inside, a process sees this host at <see cref="HostAddress"/>
/// and the message broker at <see cref="BrokerAddress"/> (a second address of this host's end, so that a route can
/// part the two); relays carry those to the servers' loopback ports. A service inside listens on
/// <see cref="Address"/> and is relayed back to this host's loopback on the same port, so peers and health checks
/// reach it where they always do. <see cref="CutOffBrokerAsync"/> adds a blackhole route to the broker's address
/// inside the namespace: from then on every packet the process sends the broker is dropped, on open connections too,
/// while its database and gRPC peers stay reachable — a network partition of one host, not a closed socket.
/// Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for <c>ip netns add</c>).
/// </summary>
public sealed partial class IsolatedHost : IAsyncDisposable
{
    private const string Prefix = "bmf-";
    private static readonly SemaphoreSlim Creating = new(1, 1);
    private readonly List<TcpRelay> _relays = [];
    private readonly HashSet<int> _brokerPorts;

    private IsolatedHost(string name, int subnet, IEnumerable<int> brokerPorts)
    {
        Name = name;
        Subnet = subnet;
        _brokerPorts = [.. brokerPorts];
    }

    /// <summary>The namespace's name (<c>ip netns list</c>).</summary>
    public string Name { get; }

    /// <summary>N of 10.231.N.0/24.</summary>
    public int Subnet { get; }

    /// <summary>The namespace's own address.</summary>
    public IPAddress Address => Ip(2);

    /// <summary>This host as the namespace sees it: relayed to the same port on this host's loopback.</summary>
    public IPAddress HostAddress => Ip(1);

    /// <summary>The broker as the namespace sees it: relayed to the same port on this host's loopback.</summary>
    public IPAddress BrokerAddress => Ip(3);

    /// <summary>Connections the process inside has opened to the broker so far (a reconnection shows here).</summary>
    public int BrokerConnections => _relays.Where(r => r.Listen.Address.Equals(BrokerAddress)).Sum(r => r.Accepted);

    /// <summary>Whether the broker is cut off right now.</summary>
    public bool BrokerCutOff { get; private set; }

    private string HostEnd => $"bmfh{Subnet.ToString(CultureInfo.InvariantCulture)}";

    private string InsideEnd => $"bmfn{Subnet.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Creates the namespace and its relays: <paramref name="hostPorts"/> (database, gRPC peers) and
    /// <paramref name="brokerPorts"/> (AMQP) on this host's loopback become reachable from inside; the process inside
    /// is reachable on this host's loopback at each of <paramref name="servedPorts"/>.
    /// </summary>
    public static async Task<IsolatedHost> CreateAsync(IEnumerable<int> hostPorts, IEnumerable<int> brokerPorts, IEnumerable<int> servedPorts, CancellationToken cancellationToken = default)
    {
        await Creating.WaitAsync(cancellationToken);
        IsolatedHost? host = null;
        try
        {
            await RemoveAbandonedAsync(cancellationToken);
            var subnet = await FreeSubnetAsync(cancellationToken);
            host = new IsolatedHost($"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{subnet.ToString(CultureInfo.InvariantCulture)}", subnet, brokerPorts);
            await host.SetUpAsync(cancellationToken);
            foreach (var port in hostPorts.Distinct())
            {
                host._relays.Add(TcpRelay.Start(new IPEndPoint(host.HostAddress, port), new IPEndPoint(IPAddress.Loopback, port)));
            }

            foreach (var port in host._brokerPorts)
            {
                host._relays.Add(TcpRelay.Start(new IPEndPoint(host.BrokerAddress, port), new IPEndPoint(IPAddress.Loopback, port)));
            }

            foreach (var port in servedPorts.Distinct())
            {
                host._relays.Add(TcpRelay.Start(new IPEndPoint(IPAddress.Loopback, port), new IPEndPoint(host.Address, port)));
            }

            return host;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            throw;
        }
        finally
        {
            Creating.Release();
        }
    }

    /// <summary>Whether this machine lets us create namespaces: root, and <c>ip netns add</c> works.</summary>
    public static async Task<string?> WhyUnavailableAsync(CancellationToken cancellationToken = default)
    {
        if (!ProcessTree.IsRoot)
        {
            return "network namespaces need root (CAP_SYS_ADMIN, CAP_NET_ADMIN); this test process is not root";
        }

        var probe = $"{Prefix}probe-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        var added = await Command.RunAsync("ip", ["netns", "add", probe], null, TimeSpan.FromSeconds(10), cancellationToken);
        await Command.RunAsync("ip", ["netns", "del", probe], null, TimeSpan.FromSeconds(10), cancellationToken);
        return added.ExitCode == 0 ? null : "`ip netns add` failed: " + added.Output.Trim();
    }

    /// <summary>The command line that runs <paramref name="file"/> inside the namespace (the same process id: ip execs it).</summary>
    public IReadOnlyList<string> Launch(string file, params string[] arguments) => [.. Launcher, file, .. arguments];

    /// <summary>What runs a command inside the namespace (<see cref="ServiceProcess.Launcher"/>).</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Name];

    /// <summary>
    /// Every loopback port named in <paramref name="values"/>, e.g. a service's settings: 127.0.0.1:PORT or
    /// localhost:PORT, and the Port= of a connection string whose Host= is loopback.
    /// </summary>
    public static IReadOnlyList<int> LoopbackPorts(IEnumerable<string> values) =>
        [.. values.SelectMany(v => LoopbackHost().Matches(v).Where(m => m.Groups["port"].Success).Select(m => m.Groups["port"].Value)
                .Concat(LoopbackHost().IsMatch(v) ? ConnectionStringPort().Matches(v).Select(m => m.Groups[1].Value) : []))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Distinct().Order()];

    /// <summary>
    /// The value as a process inside must see it: every 127.0.0.1 or localhost (with or without a port) becomes
    /// <see cref="HostAddress"/>, or <see cref="BrokerAddress"/> where the port is one of the broker's.
    /// </summary>
    public string Translate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return LoopbackHost().Replace(value, m =>
        {
            var port = m.Groups["port"];
            if (!port.Success)
            {
                return HostAddress.ToString();
            }

            var address = _brokerPorts.Contains(int.Parse(port.Value, CultureInfo.InvariantCulture)) ? BrokerAddress : HostAddress;
            return $"{address}:{port.Value}";
        });
    }

    /// <summary>From now on the namespace's packets to the broker are dropped (a blackhole route): open connections hang, new ones fail.</summary>
    public async Task CutOffBrokerAsync(CancellationToken cancellationToken = default)
    {
        await IpAsync(cancellationToken, "-n", Name, "route", "add", "blackhole", $"{BrokerAddress}/32");
        BrokerCutOff = true;
    }

    /// <summary>Removes the blackhole route: the broker is reachable again.</summary>
    public async Task ReconnectBrokerAsync(CancellationToken cancellationToken = default)
    {
        await IpAsync(cancellationToken, "-n", Name, "route", "del", "blackhole", $"{BrokerAddress}/32");
        BrokerCutOff = false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }

        _relays.Clear();
        await RemoveAsync(Name, HostEnd, CancellationToken.None);
    }

    private IPAddress Ip(int last) => IPAddress.Parse($"10.231.{Subnet.ToString(CultureInfo.InvariantCulture)}.{last.ToString(CultureInfo.InvariantCulture)}");

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await IpAsync(cancellationToken, "netns", "add", Name);
        await IpAsync(cancellationToken, "link", "add", HostEnd, "type", "veth", "peer", "name", InsideEnd, "netns", Name);
        await IpAsync(cancellationToken, "addr", "add", $"{HostAddress}/24", "dev", HostEnd);
        await IpAsync(cancellationToken, "addr", "add", $"{BrokerAddress}/24", "dev", HostEnd);
        await IpAsync(cancellationToken, "link", "set", HostEnd, "up");
        await IpAsync(cancellationToken, "-n", Name, "addr", "add", $"{Address}/24", "dev", InsideEnd);
        await IpAsync(cancellationToken, "-n", Name, "link", "set", InsideEnd, "up");
        await IpAsync(cancellationToken, "-n", Name, "link", "set", "lo", "up");
    }

    private static async Task IpAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await Command.RunAsync("ip", arguments, null, TimeSpan.FromSeconds(10), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output.Trim()}");
        }
    }

    private static async Task RemoveAsync(string name, string hostEnd, CancellationToken cancellationToken)
    {
        // Deleting the host's end deletes its peer; the namespace goes when its last process has.
        await Command.RunAsync("ip", ["link", "del", hostEnd], null, TimeSpan.FromSeconds(10), cancellationToken);
        await Command.RunAsync("ip", ["netns", "del", name], null, TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <summary>Namespaces (and their veth ends) left by a test process that was killed before it could remove them.</summary>
    private static async Task RemoveAbandonedAsync(CancellationToken cancellationToken)
    {
        var list = await Command.RunAsync("ip", ["netns", "list"], null, TimeSpan.FromSeconds(10), cancellationToken);
        foreach (Match match in Abandoned().Matches(list.Output))
        {
            var owner = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            if (!Directory.Exists($"/proc/{owner.ToString(CultureInfo.InvariantCulture)}"))
            {
                await RemoveAsync(match.Groups["name"].Value, "bmfh" + match.Groups["subnet"].Value, cancellationToken);
            }
        }
    }

    private static async Task<int> FreeSubnetAsync(CancellationToken cancellationToken)
    {
        var addresses = await Command.RunAsync("ip", ["-o", "-4", "addr", "show"], null, TimeSpan.FromSeconds(10), cancellationToken);
        var used = UsedSubnet().Matches(addresses.Output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
        return Enumerable.Range(1, 250).FirstOrDefault(n => !used.Contains(n)) is var free and > 0
            ? free
            : throw new InvalidOperationException("no free 10.231.N.0/24 subnet for a network namespace");
    }

    [GeneratedRegex(@"(127\.0\.0\.1|localhost)(:(?<port>\d+))?")]
    private static partial Regex LoopbackHost();

    [GeneratedRegex(@"(?:^|;)\s*Port\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPort();

    [GeneratedRegex(@"(?<name>bmf-(?<pid>\d+)-(?<subnet>\d+))")]
    private static partial Regex Abandoned();

    [GeneratedRegex(@"10\.231\.(\d+)\.")]
    private static partial Regex UsedSubnet();
}
