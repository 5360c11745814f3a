using System.Diagnostics;
using System.Net;
using System.Text;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// One service as its own process (`dotnet exec` of the build output beside the tests), configured by environment
/// variables as a deployment configures it. Separate processes matter for tracing: an ActivityListener is
/// process-wide, so services sharing one process would each export every span under their own service name.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    // A killed test process runs no .NET code, so the wrapper shell stops the service once the test process is gone.
    private const string Wrapper = """
        dotnet exec "$1" & child=$!
        trap 'kill -TERM $child 2>/dev/null; wait $child; exit' TERM
        while kill -0 $child 2>/dev/null; do
          kill -0 "$2" 2>/dev/null || { kill -TERM $child; wait $child; exit; }
          sleep 1
        done
        wait $child
        """;

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServiceProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>What the service wrote to stdout/stderr, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static ServiceProcess Start(string name, string assembly, int port, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: the test project must reference {assembly}.");
        }

        var info = new ProcessStartInfo("/bin/bash") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", Wrapper, "service", dll, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["BUDGETMESH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var service = new ServiceProcess(name, port, process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>
    /// Waits for /health/ready: database and broker answer and, for a service with consumers, MassTransit's check
    /// (tagged ready) passes only once every receive endpoint runs — so its queues are bound before anything is published.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan patience, bool http2 = true)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "/health/ready"))
                {
                    Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready on port {Port} within {patience}:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM to the wrapper: the service shuts down as under a process manager (and flushes its spans).
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            // Bounded: a service looping on an error must not fill the test process's memory.
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
