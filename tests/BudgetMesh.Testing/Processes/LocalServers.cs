namespace BudgetMesh.Testing.Processes;

/// <summary>What the process-exit hook needs to know about a locally started server.</summary>
internal interface ILocalServer
{
    /// <summary>The roots of the server's process trees, read without blocking: it runs in ProcessExit.</summary>
    IEnumerable<int> RootPids();

    string? Directory { get; }
}

/// <summary>
/// xunit 2 has no assembly fixture, so nothing awaits a teardown at the end of a run: the ProcessExit hook
/// does it for normal exits and the watchdog for a killed test process.
/// </summary>
internal static class LocalServers
{
    private static readonly Lock Gate = new();
    private static readonly List<ILocalServer> Servers = [];
    private static bool hooked;

    public static void Register(ILocalServer server)
    {
        lock (Gate)
        {
            if (!hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
                hooked = true;
            }

            Servers.Add(server);
        }
    }

    public static void Unregister(ILocalServer server)
    {
        lock (Gate)
        {
            Servers.Remove(server);
        }
    }

    public static DirectoryInfo CreateDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix);

    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // The watchdog removes what is left once this process is gone.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void KillAll()
    {
        ILocalServer[] servers;
        lock (Gate)
        {
            servers = [.. Servers];
            Servers.Clear();
        }

        // The test host may be killed a few milliseconds into ProcessExit (vstest does not wait long), so every
        // server gets its SIGKILL in one pass before anything slow; the watchdogs finish what this cannot.
        var killed = ProcessTree.KillTree(servers.SelectMany(server => server.RootPids()));
        ProcessTree.WaitUntilGone(killed, TimeSpan.FromSeconds(2));
        foreach (var server in servers)
        {
            if (server.Directory is { } directory)
            {
                DeleteDirectory(directory);
            }
        }
    }
}
