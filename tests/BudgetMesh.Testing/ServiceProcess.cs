using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using BudgetMesh.Testing.Processes;

namespace BudgetMesh.Testing;

/// <summary>
/// One built BudgetMesh service as a child process (`dotnet BudgetMesh.X.dll`) on its own port, configured by
/// environment variables as a deployment configures it: a crash shows as an exit, memory is the process's own, kill -9
/// is a real kill, and process-wide listeners (tracing) stay apart. Its output goes to a log file that is appended
/// across restarts, so a grep over it sees every line the service ever wrote.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;
    private Process? _askedToExit;
    private bool _disposed;

    /// <summary>BusWatchdogOptions.RestartExitCode: the service gave up on its message bus and wants a fresh start.</summary>
    private const int RestartExitCode = 75;

    /// <param name="name">For messages.</param>
    /// <param name="dll">The service's built assembly; it runs in that folder.</param>
    /// <param name="port">BUDGETMESH_PORT, the one port the service listens on.</param>
    /// <param name="environment">The rest of its configuration, on top of the test process's environment.</param>
    /// <param name="logFile">Where stdout and stderr go, appended.</param>
    public ServiceProcess(string name, string dll, int port, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        Name = name;
        Port = port;
        _dll = dll;
        _environment = environment;
        LogFile = logFile;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The service's built assembly.</summary>
    public string Dll => _dll;

    /// <summary>The configuration it starts with (on top of the test process's environment).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => _environment;

    /// <summary>
    /// A command line the service runs through, e.g. <c>ip netns exec NAME</c> (Network/IsolatedHost); it must exec
    /// <c>dotnet</c> so that the process id stays the service's. Empty: <c>dotnet</c> itself.
    /// </summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    public Uri Address => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string LogFile { get; }

    /// <summary>Exits nobody asked for (a kill -9 or a stop by a test is asked for), other than <see cref="SelfRestarts"/>.</summary>
    public int UnexpectedExits { get; private set; }

    /// <summary>
    /// Times the service ended itself with the "start me again" exit code (its bus stayed unhealthy) and was started
    /// again after a second, as systemd or Kubernetes would.
    /// </summary>
    public int SelfRestarts { get; private set; }

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A free loopback port, chosen by the kernel.</summary>
    public static int FreePort() => Processes.FreePort.Next();

    /// <summary>Starts the service (again, after a kill or a stop) and waits until gRPC health says SERVING.</summary>
    public async Task StartAsync(TimeSpan? patience = null)
    {
        Start();
        await WaitUntilServingAsync(patience ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts the service (again, after a kill or a stop) without waiting for it.</summary>
    public void Start()
    {
        var start = new ProcessStartInfo(Launcher.Count == 0 ? "dotnet" : Launcher[0], Launcher.Count == 0 ? [_dll] : [.. Launcher.Skip(1), "dotnet", _dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        start.Environment["BUDGETMESH_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
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
            if (GaveUpOnItsBus(process))
            {
                SelfRestarts++;
                Task.Delay(1000).ContinueWith(_ =>
                {
                    // Unless a test has started, stopped or disposed it meanwhile.
                    if (ReferenceEquals(_process, process) && !_disposed)
                    {
                        Start();
                    }
                }, TaskScheduler.Default);
            }
            else if (!ReferenceEquals(process, _askedToExit))
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
        // A test process that is itself killed runs no .NET code: a tiny shell that outlives neither stops the service.
        using (Process.Start(new ProcessStartInfo("sh", ["-c", $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {process.Id} 2>/dev/null; do sleep 1; done; kill -9 {process.Id} 2>/dev/null"]) { UseShellExecute = false }))
        {
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL, like a crashed host; returns when the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _askedToExit = process;
        // Process.Kill is SIGKILL on Linux: no shutdown hooks run, exactly like a crash.
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a process manager stops a service (it flushes its spans); SIGKILL after <paramref name="patience"/>.</summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _askedToExit = process;
        ProcessTree.Signal(process.Id, ProcessTree.SigTerm);
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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

    /// <summary>Serving means gRPC health (grpc.health.v1.Health/Check) says SERVING: database and broker answer too.</summary>
    public Task WaitUntilServingAsync(TimeSpan patience) =>
        WaitUntilAsync(IsServingAsync, "did not report SERVING", patience, TimeSpan.FromMilliseconds(200));

    /// <summary>
    /// Ready means /health/ready answers 200: database and broker answer and, for a service with consumers, MassTransit's
    /// check (tagged ready) passes only once every receive endpoint runs, so its queues are bound before anything is published.
    /// </summary>
    public Task WaitUntilReadyAsync(TimeSpan patience, bool http2 = true) =>
        WaitUntilAsync(() => IsReadyAsync(http2), "was not ready", patience, TimeSpan.FromMilliseconds(100));

    /// <summary>The service ended itself to be started again (its bus stayed unhealthy), not at a test's request.</summary>
    private bool GaveUpOnItsBus(Process exited) =>
        exited.ExitCode == RestartExitCode && !ReferenceEquals(exited, _askedToExit);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await KillAsync();
        _process?.Dispose();
    }

    private async Task WaitUntilAsync(Func<Task<bool>> probe, string failure, TimeSpan patience, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            // A service that gave up on its bus (exit 75) is started again a second later (Start's Exited handler):
            // wait for that start instead of failing in the second between the two processes.
            if (_process is { HasExited: true } exited && !(GaveUpOnItsBus(exited) && !_disposed))
            {
                throw new InvalidOperationException($"{Name} exited with {exited.ExitCode} while starting:\n{LogTail()}");
            }

            if (await probe())
            {
                return;
            }

            await Task.Delay(interval);
        }

        throw new TimeoutException($"{Name} {failure} on port {Port.ToString(CultureInfo.InvariantCulture)} within {patience}:\n{LogTail()}");
    }

    /// <summary>One gRPC health check of the whole server: true when it says SERVING.</summary>
    public async Task<bool> IsServingAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "/grpc.health.v1.Health/Check"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // One uncompressed gRPC frame holding an empty HealthCheckRequest (the whole server).
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var response = await Http.SendAsync(request, cancel.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cancel.Token);
            // SERVING is field 1 = 1.
            return body.Length >= 7 && body[5] == 0x08 && body[6] == 0x01;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private async Task<bool> IsReadyAsync(bool http2)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "/health/ready"))
        {
            Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await Http.SendAsync(request, cancel.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return false;
        }
    }
}
