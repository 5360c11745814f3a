using System.Globalization;

namespace BudgetMesh.Testing.Processes;

/// <summary>What <see cref="ServerControl.StartNewAsync"/> drives, beyond what the exit hook needs.</summary>
internal interface IControlledServer : ILocalServer
{
    /// <summary>Starts the server's processes on its current ports; an <see cref="InvalidOperationException"/> when they do not come up.</summary>
    Task StartProcessAsync(CancellationToken cancellationToken);

    /// <summary>After a failed start: clears what it left behind and takes new free ports.</summary>
    Task UseNewPortsAsync();

    /// <summary>Kills every process of the server and deletes its directory.</summary>
    Task KillAndDeleteAsync();
}

/// <summary>
/// The lifecycle the local servers share. Stop, kill and restart run one at a time (a fault test may kill a server while
/// a fixture starts it again), and never on a server taken from the environment: that one is not the tests' to control.
/// </summary>
/// <param name="refuse">Null for a local server; for an external one, the error an operation throws, given what it cannot do.</param>
internal sealed class ServerControl(Func<string, Exception>? refuse)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>
    /// Brings up a new local server: registered for teardown and watched (its <paramref name="pidFiles"/>) before anything
    /// runs, <paramref name="prepare"/>d once, then started, on new free ports when another process took one between our
    /// check and the bind; killed and deleted when it cannot start.
    /// </summary>
    public static async Task StartNewAsync(IControlledServer server, string[] pidFiles, Func<Task> prepare, CancellationToken cancellationToken)
    {
        LocalServers.Register(server);
        Watchdog.Start(server.Directory!, pidFiles);
        try
        {
            await prepare();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await server.StartProcessAsync(cancellationToken);
                    return;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    await server.UseNewPortsAsync();
                }
            }
        }
        catch
        {
            await server.KillAndDeleteAsync();
            throw;
        }
    }

    /// <summary>The first line of a pid file, or null while there is none (yet) or it is unreadable.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            var first = File.ReadLines(path).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="operation"/> alone; <paramref name="what"/> says what an external server cannot do.</summary>
    public async Task RunAsync(string what, Func<Task> operation, CancellationToken cancellationToken)
    {
        Refuse(what);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await operation();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stops the server with <paramref name="stop"/> (which takes its own turn), then starts it again alone.</summary>
    public async Task RestartAsync(Func<CancellationToken, Task> stop, Func<Task> start, CancellationToken cancellationToken)
    {
        Refuse("cannot be restarted");
        await stop(cancellationToken);
        await RunAsync("cannot be restarted", start, cancellationToken);
    }

    private void Refuse(string what)
    {
        if (refuse is not null)
        {
            throw refuse(what);
        }
    }
}
