using System.Diagnostics;
using System.Text.Json;
using BudgetMesh.Testing.Processes;
using Xunit;
using Xunit.Abstractions;

namespace BudgetMesh.Testing.Tests;

/// <summary>No server process may outlive the test process that started it, however that process ends.</summary>
public sealed class ServerLifetimeTests(ITestOutputHelper output)
{
    [Fact]
    public Task Servers_are_gone_after_the_owning_process_exits_normally() => RunProbeAsync("exit");

    [Fact]
    public Task Servers_are_gone_after_the_owning_process_is_killed_with_SIGKILL() => RunProbeAsync("hang");

    private async Task RunProbeAsync(string mode)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(Program).Assembly.Location, "probe", mode })
        {
            info.ArgumentList.Add(argument);
        }

        // The probe must start servers of its own even when CI hands this run external ones.
        info.Environment.Remove(PostgresServer.EnvironmentVariable);
        info.Environment.Remove(RabbitMqServer.EnvironmentVariable);

        using var probe = Process.Start(info)!;
        var stderr = probe.StandardError.ReadToEndAsync(timeout.Token);
        var report = await ReadReportAsync(probe, stderr, timeout.Token);
        output.WriteLine($"probe {mode}: postmaster {report.Postmaster}, beam {report.Beam}, epmd {report.Epmd}, all [{string.Join(' ', report.AllServerPids)}]");
        Assert.All(new[] { report.Postmaster, report.Beam, report.Epmd }, pid => Assert.Contains(pid, report.AllServerPids));
        Assert.All(report.AllServerPids, pid => Assert.True(ProcessTree.IsAlive(pid), $"pid {pid} should run while the probe runs"));

        var stopwatch = Stopwatch.StartNew();
        if (mode == "hang")
        {
            probe.Kill(); // SIGKILL on Linux: no managed code runs in the probe any more.
        }
        else
        {
            await probe.StandardInput.WriteLineAsync("exit");
            probe.StandardInput.Close();
        }

        await probe.WaitForExitAsync(timeout.Token);
        if (mode == "exit")
        {
            Assert.Equal(0, probe.ExitCode);
        }

        // Includes the watchdog's one-second poll.
        var survivors = report.AllServerPids.ToList();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(10) &&
               (survivors.Any(ProcessTree.IsAlive) || report.Directories.Any(Directory.Exists)))
        {
            await Task.Delay(100, timeout.Token);
        }

        output.WriteLine($"all gone {stopwatch.ElapsedMilliseconds} ms after the probe {(mode == "hang" ? "was killed" : "exited")}");
        var alive = survivors.Where(ProcessTree.IsAlive).ToList();
        Assert.True(alive.Count == 0, $"still running: {string.Join(", ", alive.Select(pid => $"{pid} ({ProcessTree.CommandName(pid)})"))}");
        var left = report.Directories.Where(Directory.Exists).ToList();
        Assert.True(left.Count == 0, $"directories left behind: {string.Join(", ", left)}");

        // Nothing detached may hold the probe's output pipe either, or `dotnet test` would hang at the end.
        var rest = probe.StandardOutput.ReadToEndAsync(timeout.Token);
        Assert.Same(rest, await Task.WhenAny(rest, Task.Delay(TimeSpan.FromSeconds(10), timeout.Token)));
    }

    private static async Task<ProbeReport> ReadReportAsync(Process probe, Task<string> stderr, CancellationToken cancellationToken)
    {
        while (await probe.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(Program.ReportPrefix, StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize<ProbeReport>(line[Program.ReportPrefix.Length..])!;
            }
        }

        await probe.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"The probe ended (exit code {probe.ExitCode}) without a report:\n{await stderr}");
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (File.Exists(fromSdk))
        {
            return fromSdk;
        }

        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
    }
}
