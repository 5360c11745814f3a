using System.Diagnostics;
using System.Text;

namespace BudgetMesh.Testing.Processes;

/// <summary>
/// Runs the grpc-js side in tests/interop. Installs its locked packages with npm ci when node_modules is missing;
/// a machine without node or npm fails the tests with what to install, never skips them.
/// </summary>
public static class NodeInterop
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory { get; } = FindInteropDirectory();

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js"))
                && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "proto-loader")))
            {
                return;
            }
            var (exitCode, output) = await RunToEndAsync("npm", "ci --no-audit --no-fund", TimeSpan.FromMinutes(3));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci' in {Directory} failed ({exitCode}):\n{output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<(int ExitCode, string Output)> RunToEndAsync(string command, string arguments, TimeSpan timeout)
    {
        using var process = Start(command, arguments, redirectInput: false);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command} {arguments}' did not finish within {timeout}:\n{output}");
        }
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public static Process Start(string command, string arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{command}' is not installed: the interop tests need Node.js 20+ and npm on PATH (e.g. apt-get install -y nodejs npm).", ex);
        }
    }

    private static string FindInteropDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"tests/interop/package-lock.json not found above {AppContext.BaseDirectory}.");
    }
}
