using BudgetMesh.GrpcClients.Tests.Infrastructure;
using BudgetMesh.GrpcClients.Tests.Probe;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.GrpcClients.Tests;

/// <summary>Several replicas of one service behind one peer address: two real grpc-dotnet servers on loopback.</summary>
public sealed class LoadBalancingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ProbeServer _first = new();
    private readonly ProbeServer _second = new();
    private ProbeServer? _restarted;

    public async Task InitializeAsync()
    {
        await _first.InitializeAsync();
        await _second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }
    }

    private PeerAddress Both => PeerAddress.Parse($"{_first.Address},{_second.Address}", "BUDGETMESH_PROBE_URL");

    [Fact]
    public async Task Calls_go_round_robin_across_both_replicas_once_both_are_connected()
    {
        using var channel = new GrpcPeerChannel(Both);
        var client = new ProbeService.ProbeServiceClient(channel.CallInvoker);
        await CallUntilAsync(client, () => _first.State.Echoes > 0 && _second.State.Echoes > 0);

        var (first, second) = (_first.State.Echoes, _second.State.Echoes);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("spread", (await client.EchoAsync(new EchoRequest { Text = "spread" })).Text);
        }

        Assert.Equal(10, _first.State.Echoes - first);
        Assert.Equal(10, _second.State.Echoes - second);
    }

    [Fact]
    public async Task A_replica_that_goes_away_is_skipped_and_used_again_once_it_is_back()
    {
        using var channel = new GrpcPeerChannel(Both);
        var client = new ProbeService.ProbeServiceClient(channel.CallInvoker);
        await CallUntilAsync(client, () => _first.State.Echoes > 0 && _second.State.Echoes > 0);

        var port = _first.Address.Port;
        await _first.DisposeAsync();
        var before = _second.State.Echoes;
        for (var i = 0; i < 20; i++)
        {
            // Every call succeeds: the one that may still pick the stopped replica is retried (UNAVAILABLE).
            Assert.Equal("still", (await client.EchoAsync(new EchoRequest { Text = "still" })).Text);
        }

        Assert.Equal(20, _second.State.Echoes - before);

        _restarted = ProbeServer.OnPort(port);
        await _restarted.InitializeAsync();
        await CallUntilAsync(client, () => _restarted.State.Echoes > 0);
    }

    [Fact]
    public async Task Typed_clients_from_the_client_factory_balance_across_the_replicas_of_a_peer()
    {
        var services = new ServiceCollection();
        services.AddGrpcPeerClient<ProbeService.ProbeServiceClient>("probe", Both);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ProbeService.ProbeServiceClient>();
        await CallUntilAsync(client, () => _first.State.Echoes > 0 && _second.State.Echoes > 0);
    }

    [Fact]
    public void A_peer_setting_is_one_address_or_several_of_one_scheme()
    {
        Assert.False(PeerAddress.Parse("http://127.0.0.1:5101", "X").IsBalanced);
        var two = PeerAddress.Parse(" http://127.0.0.1:5101 , http://127.0.0.1:5201/", "X");
        Assert.True(two.IsBalanced);
        Assert.Equal("http://127.0.0.1:5101,http://127.0.0.1:5201", two.ToString());
        Assert.Equal(two.ToString(), PeerAddress.Parse(two.ToString(), "X").ToString());

        Assert.Contains("BUDGETMESH_INTAKE_URL", Assert.Throws<FormatException>(() => PeerAddress.Parse("", "BUDGETMESH_INTAKE_URL")).Message, StringComparison.Ordinal);
        Assert.Contains("mix http:// and https://", Assert.Throws<FormatException>(() => PeerAddress.Parse("http://a:1,https://b:2", "X")).Message, StringComparison.Ordinal);
        Assert.Contains("given twice", Assert.Throws<FormatException>(() => PeerAddress.Parse("http://a:1,http://a:1/", "X")).Message, StringComparison.Ordinal);
        Assert.Contains("'tcp://a:1'", Assert.Throws<FormatException>(() => PeerAddress.Parse("http://a:1,tcp://a:1", "X")).Message, StringComparison.Ordinal);
        Assert.Contains("'http://a:1/intake'", Assert.Throws<FormatException>(() => PeerAddress.Parse("http://a:1/intake", "X")).Message, StringComparison.Ordinal);
        Assert.Contains("''", Assert.Throws<FormatException>(() => PeerAddress.Parse("http://a:1,", "X")).Message, StringComparison.Ordinal);
    }

    /// <summary>Echo calls, each of which must succeed, until <paramref name="condition"/> holds.</summary>
    private static async Task CallUntilAsync(ProbeService.ProbeServiceClient client, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the replicas were not both called within the patience");
            Assert.Equal("ping", (await client.EchoAsync(new EchoRequest { Text = "ping" })).Text);
            await Task.Delay(20);
        }
    }
}
