using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BudgetMesh.Bench;

/// <summary>
/// 6. `budgetmesh import` of one published document (the Shanghai PDFs read by position, a Chongqing seed text), as a
/// user runs it: a fresh `budgetmesh import FILE` process (runtime start, JIT, PdfPig, the importer, the JSON written),
/// its CPU (user + system, from getrusage of the waited-for child) against the 1 s target. The CLI measured is the one
/// run-bench.sh publishes ReadyToRun (BENCH_CLI); without it, the CLI built beside the bench (JIT only), said so in the
/// figure's name. Beside it, the warm mean of further imports in this process (PackageFiles.ImportAsync bound through
/// reflection, the importer being internal to the CLI).
/// </summary>
internal sealed partial class ImportBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "6 Import";

    public async Task RunAsync()
    {
        var assembly = Assembly.Load("budgetmesh");
        var files = assembly.GetType("BudgetMesh.Cli.Commands.PackageFiles", throwOnError: true)!;
        var optionsType = assembly.GetType("BudgetMesh.Cli.Import.ImportOptions", throwOnError: true)!;
        var import = files.GetMethod("ImportAsync", BindingFlags.Public | BindingFlags.Static)!;
        async Task Import(string path)
        {
            var task = (Task)import.Invoke(null, [new FileInfo(path), Activator.CreateInstance(optionsType)!, CancellationToken.None])!;
            await task;
        }

        var published = Environment.GetEnvironmentVariable("BENCH_CLI") is { Length: > 0 } cli && File.Exists(cli) ? cli : null;
        var command = published ?? Path.Combine(AppContext.BaseDirectory, "budgetmesh.dll");
        var how = published is null ? "JIT only: no published CLI" : "published ReadyToRun";
        var documents = Path.Combine(AppContext.BaseDirectory, "corpus");
        var iterations = environment.Options.Quick ? 5 : 20;
        foreach (var document in new[] { "putuo-wanli-2024.pdf", "putuo-justice-2026.pdf", "putuo-govoffice-2025.pdf", "seed-000_ac0739ecedc6f3da.txt" })
        {
            var path = Path.Combine(documents, document);
            var process = await ProcessCpuAsync(command, path);
            results.Add(new Figure(Name, $"{document}: CPU of `budgetmesh import` in a fresh process ({how}; start, JIT and import)", process * 1000, "ms", "< 1000 ms", process < 1.0));

            await Import(path);
            var self = Process.GetCurrentProcess();
            self.Refresh();
            var before = self.TotalProcessorTime;
            for (var i = 0; i < iterations; i++)
            {
                await Import(path);
            }

            self.Refresh();
            var warm = (self.TotalProcessorTime - before).TotalSeconds / iterations;
            results.Add(new Figure(Name, $"{document}: CPU per import, warm mean over {iterations} in one process", warm * 1000, "ms"));
        }
    }

    /// <summary>The CPU seconds (user + system) of one `dotnet budgetmesh.dll import FILE` child, from RUSAGE_CHILDREN before and after it is reaped.</summary>
    private static async Task<double> ProcessCpuAsync(string cli, string document)
    {
        var output = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { cli, "import", document, "--output", output })
            {
                start.ArgumentList.Add(argument);
            }

            var before = Children();
            using var child = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var drain = Task.WhenAll(child.StandardOutput.ReadToEndAsync(), child.StandardError.ReadToEndAsync());
            await child.WaitForExitAsync();
            var streams = await drain;
            // 0: imported; 2: imported, with what Intake would refuse reported. Anything else did not import.
            if (child.ExitCode is not (0 or 2) || new FileInfo(output).Length == 0)
            {
                throw new InvalidOperationException($"budgetmesh import {Path.GetFileName(document)} failed ({child.ExitCode}): {streams[1]}");
            }

            return Children() - before;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static double Children()
    {
        if (GetResourceUsage(-1, out var usage) != 0)
        {
            throw new InvalidOperationException("getrusage(RUSAGE_CHILDREN) failed");
        }

        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResident, SharedMemory, UnsharedData, UnsharedStack, MinorFaults, MajorFaults, Swaps;
        public long BlockInput, BlockOutput, MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);
}
