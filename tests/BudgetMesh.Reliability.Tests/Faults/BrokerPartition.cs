using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Testing;
using BudgetMesh.Testing.Network;

namespace BudgetMesh.Reliability.Tests.Faults;

/// <summary>
/// A service replica running in an <see cref="IsolatedHost"/> cut off from the broker for a while, then let back.
/// Its health does not show the cut (MassTransit reports the bus healthy while it reconnects, so gRPC health stays
/// SERVING): the evidence that the cut took is the replica's own log naming the broker's address in a connection
/// failure, and the evidence that it is back is a new connection from it to the broker.
/// </summary>
internal static class BrokerPartition
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cuts <paramref name="replica"/> off for <paramref name="outage"/>; meanwhile <paramref name="progress"/> watches the
    /// rest of the system work on. Returns what happened and the time from reconnection to the replica's new broker connection.
    /// </summary>
    public static async Task<(string What, TimeSpan? Reconnected)> RunAsync(IsolatedHost host, ServiceProcess replica, TimeSpan outage, Func<TimeSpan, Task<TimeSpan?>> progress)
    {
        var broker = host.BrokerAddress.ToString();
        var failuresBefore = Count(replica.LogFile, broker);
        await host.CutOffBrokerAsync();
        var cut = Stopwatch.StartNew();
        var noticed = await UntilAsync(() => Count(replica.LogFile, broker) > failuresBefore, outage);
        var carriedOn = await progress(outage - cut.Elapsed);
        var rest = outage - cut.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            // The outage's length is the fault itself, not a wait for something not to happen.
            await Task.Delay(rest);
        }

        var connections = host.BrokerConnections;
        await host.ReconnectBrokerAsync();
        var reconnected = await UntilAsync(() => host.BrokerConnections > connections, Patience);
        var what = string.Create(CultureInfo.InvariantCulture,
            $"{replica.Name} in network namespace {host.Name} (veth, 10.231.{host.Subnet}.0/24); its packets to the broker dropped by a blackhole route for {outage.TotalSeconds:F0} s while its database and gRPC peers stayed reachable; its log named the broker in a connection failure {(noticed is { } n ? $"{n.TotalSeconds:F1} s after the cut" : "not during the cut")}; the rest worked on ({(carriedOn is { } p ? $"20 status changes in {p.TotalSeconds:F1} s" : "no progress seen")}); new broker connection {(reconnected is { } r ? $"{r.TotalSeconds:F1} s after reconnection" : "not seen")}; self-restarts of the cut replica {replica.SelfRestarts}");
        return (what, reconnected);
    }

    private static async Task<TimeSpan?> UntilAsync(Func<bool> condition, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            if (condition())
            {
                return waited.Elapsed;
            }

            await Task.Delay(250);
        }

        return null;
    }

    private static int Count(string logFile, string text)
    {
        string log;
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            log = reader.ReadToEnd();
        }
        catch (IOException)
        {
            return 0;
        }

        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
