using System.Text.Json;
using BudgetMesh.Testing.Processes;

namespace BudgetMesh.Testing.Tests;

/// <summary>
/// The test host never calls this; the lifetime tests run the assembly as a child process with
/// <c>dotnet exec BudgetMesh.Testing.Tests.dll probe exit|hang</c> to own servers they can then orphan.
/// </summary>
public static class Program
{
    public const string ReportPrefix = "PROBE ";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["probe", var mode and ("exit" or "hang")])
        {
            await Console.Error.WriteLineAsync("usage: probe exit|hang");
            return 2;
        }

        var postgres = await PostgresServer.GetSharedAsync();
        var rabbitMq = await RabbitMqServer.GetSharedAsync();
        var report = new ProbeReport(
            postgres.Pid!.Value,
            rabbitMq.Pid!.Value,
            rabbitMq.EpmdPid!.Value,
            [.. ProcessTree.Collect([postgres.Pid.Value, rabbitMq.RootPid!.Value, rabbitMq.EpmdPid.Value])],
            [postgres.Directory!, rabbitMq.Directory!]);
        await Console.Out.WriteLineAsync(ReportPrefix + JsonSerializer.Serialize(report));
        await Console.Out.FlushAsync();

        if (mode == "hang")
        {
            // Wait for the SIGKILL: no ProcessExit handler will run, only the watchdogs can clean up.
            await Task.Delay(Timeout.Infinite);
        }

        // Exit only once the test has seen the servers running; exiting at once would race its check.
        await Console.In.ReadLineAsync();

        return 0;
    }
}

public sealed record ProbeReport(int Postmaster, int Beam, int Epmd, int[] AllServerPids, string[] Directories);
