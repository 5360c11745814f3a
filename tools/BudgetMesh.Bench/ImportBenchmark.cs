using System.Diagnostics;
using System.Reflection;

namespace BudgetMesh.Bench;

/// <summary>
/// 6. `budgetmesh import` of one published document (the Shanghai PDFs read by position, a Chongqing seed text):
/// process CPU of the first import in this process (PdfPig, the importer and the readers JIT-compiled on the way,
/// as a user running the command pays) against the 1 s target, and the warm mean over further imports beside it.
/// The importer is internal to the CLI, so PackageFiles.ImportAsync is bound once through reflection.
/// </summary>
internal sealed class ImportBenchmark(BenchEnvironment environment, Results results)
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

        var documents = Path.Combine(AppContext.BaseDirectory, "corpus");
        var iterations = environment.Options.Quick ? 5 : 20;
        foreach (var document in new[] { "putuo-wanli-2024.pdf", "putuo-justice-2026.pdf", "putuo-govoffice-2025.pdf", "seed-000_ac0739ecedc6f3da.txt" })
        {
            var path = Path.Combine(documents, document);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.TotalProcessorTime;
            await Import(path);
            process.Refresh();
            var first = (process.TotalProcessorTime - before).TotalSeconds;

            before = process.TotalProcessorTime;
            for (var i = 0; i < iterations; i++)
            {
                await Import(path);
            }

            process.Refresh();
            var warm = (process.TotalProcessorTime - before).TotalSeconds / iterations;
            results.Add(new Figure(Name, $"{document}: CPU of one import (first in the process, JIT included)", first * 1000, "ms", "< 1000 ms", first < 1.0));
            results.Add(new Figure(Name, $"{document}: CPU per import, warm mean over {iterations}", warm * 1000, "ms"));
        }
    }
}
