using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>
/// One BudgetMesh service as a child process (`dotnet BudgetMesh.X.dll`), as a deployment runs it: a crash shows as
/// an exit, memory is the process's own, and kill -9 is a real kill. Its output goes to a log file that is appended
/// across restarts, so the key-leak grep sees every line the service ever wrote.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    public ServiceProcess(string name, int port, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        Port = port;
        _dll = ServiceBinaries.Dll(name);
        _environment = environment;
        LogFile = Path.Combine(logDirectory, name + ".log");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string LogFile { get; }

    /// <summary>Exits nobody asked for (a kill -9 by a test is asked for).</summary>
    public int UnexpectedExits { get; private set; }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync(TimeSpan? patience = null)
    {
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        start.Environment["BUDGETMESH_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Two shared cores: workstation GC keeps a child's working set a fair picture of what it holds.
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        var sync = new object();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (sync)
            {
                log.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) =>
        {
            if (!ReferenceEquals(process, _killed))
            {
                UnexpectedExits++;
            }

            // Let the last lines drain before the writer goes.
            Task.Delay(500).ContinueWith(_ =>
            {
                lock (sync)
                {
                    log.Dispose();
                }
            }, TaskScheduler.Default);
        };
        process.Start();
        // A test host that is itself killed must not leave services running: a tiny shell outlives neither.
        using (Process.Start(new ProcessStartInfo("sh", ["-c", $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {process.Id} 2>/dev/null; do sleep 1; done; kill -9 {process.Id} 2>/dev/null"]) { UseShellExecute = false }))
        {
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilServingAsync(patience ?? TimeSpan.FromSeconds(90));
    }

    private Process? _killed;

    /// <summary>SIGKILL, like a crashed host; returns when the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _killed = process;
        // Process.Kill is SIGKILL on Linux: no shutdown hooks run, exactly like a crash.
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Resident memory (VmRSS) in MiB, read from /proc.</summary>
    public double WorkingSetMiB()
    {
        var pid = Pid ?? throw new InvalidOperationException($"{Name} is not running.");
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException($"No VmRSS for {Name}.");
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Serving means gRPC health says SERVING: database and broker answer too.</summary>
    public async Task WaitUntilServingAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting:\n{LogTail()}");
            }

            if (await RawGrpc.IsServingAsync(Address))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} did not report SERVING within {patience}:\n{LogTail()}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the built services are: beside this test assembly's configuration, under services/.</summary>
internal static class ServiceBinaries
{
    private static readonly string[] Folders = ["Intake", "Classification", "ThreePublicExpenses", "PerformanceTargets", "Reconciler", "Publication", "Console"];

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dll(string name)
    {
        var folder = Folders.Single(f => f == name);
        // bin/<Configuration>/net10.0 of this assembly names the configuration the services were built in.
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot, "services", folder, $"BudgetMesh.{folder}", "bin", configuration, framework, $"BudgetMesh.{folder}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the services first (dotnet build BudgetMesh.sln): {dll} is missing.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BudgetMesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BudgetMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
