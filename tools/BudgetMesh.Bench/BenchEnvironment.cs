using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using BudgetMesh.Testing;
using Npgsql;

namespace BudgetMesh.Bench;

/// <summary>
/// The bench's own servers (a throwaway PostgreSQL cluster and RabbitMQ node from BudgetMesh.Testing, on free ports,
/// removed by their watchdogs even if the bench dies) and the paths of the programs it starts.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private BenchEnvironment(string repositoryRoot, BenchOptions options, PostgresServer postgres, RabbitMqServer rabbitMq)
    {
        RepositoryRoot = repositoryRoot;
        Options = options;
        Postgres = postgres;
        RabbitMq = rabbitMq;
    }

    public string RepositoryRoot { get; }

    public BenchOptions Options { get; }

    public PostgresServer Postgres { get; }

    public RabbitMqServer RabbitMq { get; }

    public string LogDirectory => Path.Combine(Options.OutputDirectory, "logs");

    /// <summary>Debug or Release: the services are started from the same configuration the bench was built in.</summary>
    public static string Configuration =>
        typeof(BenchEnvironment).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var root = FindRepositoryRoot();
        Directory.CreateDirectory(Path.Combine(options.OutputDirectory, "logs"));
        File.Delete(Path.Combine(options.OutputDirectory, "logs", "pids"));
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        return new BenchEnvironment(root, options, await postgres, await rabbitMq);
    }

    /// <summary>A fresh database for one phase, so no phase sees another's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = await Postgres.CreateDatabaseAsync();
        var builder = new NpgsqlConnectionStringBuilder(Postgres.ConnectionStringFor(name)) { MaxPoolSize = 200 };
        return builder.ConnectionString;
    }

    /// <summary>Starts a service from its build output (services/Dir/BudgetMesh.Name/bin/CONFIG/net10.0) on a free port.</summary>
    public async Task<ServiceProcess> StartServiceAsync(string folder, string name, string database, Uri amqp, IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = Path.Combine(RepositoryRoot, "services", folder, $"BudgetMesh.{name}", "bin", Configuration, "net10.0");
        var dll = Path.Combine(directory, $"BudgetMesh.{name}.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the bench first (tools/bench/run-bench.sh does).");
        }

        var port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["BUDGETMESH_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["BUDGETMESH_POSTGRES"] = database,
            ["BUDGETMESH_RABBITMQ"] = amqp.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var child = ChildProcess.Start(name, "dotnet", [dll], directory, environment, LogDirectory);
        var address = new Uri($"http://127.0.0.1:{port}");
        await WaitForPortAsync(child, port, TimeSpan.FromSeconds(90));
        return new ServiceProcess(name, child, address);
    }

    public async Task<ChildProcess> StartOurInteropServerAsync(int port)
    {
        var directory = Path.Combine(RepositoryRoot, "tools", "BudgetMesh.InteropServer", "bin", Configuration, "net10.0");
        var child = ChildProcess.Start("interop-dotnet", "dotnet", [Path.Combine(directory, "BudgetMesh.InteropServer.dll"), $"--port={port}"], directory,
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, LogDirectory);
        await WaitForPortAsync(child, port, TimeSpan.FromSeconds(60));
        return child;
    }

    public async Task<(ChildProcess Process, int Port)> StartGrpcJsServerAsync()
    {
        var directory = Path.Combine(RepositoryRoot, "tests", "interop");
        var child = ChildProcess.Start("interop-grpc-js", "node", ["server.js", "--port", "0"], directory, new Dictionary<string, string>(), LogDirectory);
        var line = await child.WaitForLineAsync(l => l.StartsWith("LISTENING ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return (child, int.Parse(line["LISTENING ".Length..].Trim(), CultureInfo.InvariantCulture));
    }

    public async Task<Dictionary<string, string>> DescribeMachineAsync()
    {
        var machine = new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["memory"] = $"{MemTotalGiB():0.0} GiB",
            ["cpu"] = CpuModel(),
            ["os"] = RuntimeInformation.OSDescription,
            [".NET"] = RuntimeInformation.FrameworkDescription + $" ({Configuration} build; services with their own GC settings)",
        };
        await using (var db = new NpgsqlConnection(Postgres.AdminConnectionString))
        {
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", db);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            machine["PostgreSQL"] = $"{reader.GetString(0).Split(" on ")[0]} (throwaway cluster; fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, shared_buffers={reader.GetString(3)})";
        }

        machine["RabbitMQ"] = await RunAsync("dpkg-query", "-W", "-f=${Version}", "rabbitmq-server") + " (throwaway node)";
        machine["node"] = await RunAsync("node", "--version");
        machine["@grpc/grpc-js"] = ReadPackageVersion(Path.Combine(RepositoryRoot, "tests", "interop", "node_modules", "@grpc", "grpc-js", "package.json"));
        machine["disk (PostgreSQL data)"] = await RunAsync("df", "-h", "--output=source,fstype,size", Postgres.DataDirectory);
        machine["load average at start"] = File.ReadAllText("/proc/loadavg").Trim();
        if (Options.SharedMachine)
        {
            machine["shared"] = "yes: other engineers were building and testing on the same cores during this run, so absolute figures are pessimistic and noisy; the ratios compare runs made seconds apart under the same conditions";
        }

        return machine;
    }

    public async ValueTask DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(ChildProcess child, int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"{child.Name} exited during start-up; see its log in bench/logs.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "BudgetMesh.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository (BudgetMesh.sln not found above the current directory).");
    }

    private static double MemTotalGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static string ReadPackageVersion(string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return "not installed";
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.GetProperty("version").GetString() ?? "unknown";
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return string.Join(" / ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}

/// <summary>A service running as a child process, with its gRPC address.</summary>
internal sealed record ServiceProcess(string Name, ChildProcess Process, Uri Address) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
