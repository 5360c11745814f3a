using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using Google.Protobuf;

namespace BudgetMesh.Bench;

/// <summary>
/// 4a. The reconciler's in-process rule engine on each seed package: ReconciliationEngine.RunInProcess (every table,
/// cross-table and narrative rule) plus Compose (the report in catalog order with its summary), exactly what
/// ReconcileSubmission does between fetching the package and storing the report.
///
/// A Stopwatch harness rather than BenchmarkDotNet: BenchmarkDotNet 0.14.0 does restore here, but it would need a
/// central package version and its out-of-process jobs cost minutes of the 15-minute budget. To keep it honest:
/// a warm-up until tiered JIT has settled (the runs after it are the steady state a long-running reconciler is in),
/// many iterations, the distribution per iteration, and process CPU time per package (GC included) beside wall time.
/// The engine is internal to the Reconciler, so it is bound once through reflection into delegates; the call cost
/// that adds is nanoseconds against milliseconds.
/// </summary>
internal sealed class RuleEngineBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "4 Rule engine";

    public void Run()
    {
        var assembly = Assembly.Load("BudgetMesh.Reconciler.Rules");
        var engineType = assembly.GetType("BudgetMesh.Reconciler.Reconciliation.ReconciliationEngine", throwOnError: true)!;
        var catalogType = assembly.GetType("BudgetMesh.Reconciler.RuleCatalog.RuleCatalog", throwOnError: true)!;
        var subjectType = assembly.GetType("BudgetMesh.Reconciler.Reconciliation.ReportSubject", throwOnError: true)!;
        var runInProcess = engineType.GetMethod("RunInProcess", BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<Func<BudgetPackage, IReadOnlyList<RuleResult>>>();
        var catalog = catalogType.GetProperty("Embedded", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        var engine = Activator.CreateInstance(engineType, catalog)!;
        var compose = engineType.GetMethod("Compose", BindingFlags.Public | BindingFlags.Instance)!;

        Report Reconcile(BudgetPackage package)
        {
            var subject = Activator.CreateInstance(subjectType, Guid.NewGuid(), Guid.NewGuid(), 1, "hash", "catalog", DateTimeOffset.UtcNow)!;
            return (Report)compose.Invoke(engine, [subject, runInProcess(package)])!;
        }

        var seeds = Packages.Load("0").Seeds;
        var slowest = (Package: seeds[0], Mean: 0.0);
        var iterations = environment.Options.RuleIterations;
        var worstMean = 0.0;
        foreach (var (package, index) in seeds.Select((p, i) => (p, i)))
        {
            // Tiered JIT promotes hot methods after 30 calls plus a background delay, and on a busy 2-core machine
            // its background compiles can run for seconds more: warm up for at least 2 s and until no method has
            // been compiled for half a second (at most 15 s), so the loop measures the steady state a long-running
            // reconciler is in. The JIT time that still falls in the loop is reported beside the CPU figure.
            var warm = Stopwatch.StartNew();
            var rules = 0;
            var compiled = JitInfo.GetCompiledMethodCount();
            var quietSince = TimeSpan.Zero;
            while (warm.Elapsed < TimeSpan.FromSeconds(15)
                && (warm.Elapsed < TimeSpan.FromSeconds(environment.Options.Quick ? 1 : 2) || warm.Elapsed - quietSince < TimeSpan.FromSeconds(0.5)))
            {
                rules = Reconcile(package).Results.Count;
                if (JitInfo.GetCompiledMethodCount() is var now && now != compiled)
                {
                    compiled = now;
                    quietSince = warm.Elapsed;
                }
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var samples = new Latencies();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var jitBefore = JitInfo.GetCompilationTime();
            var gcPauseBefore = GC.GetTotalPauseDuration();
            var wall = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Reconcile(package);
                samples.AddTicks(Stopwatch.GetTimestamp() - start);
            }

            wall.Stop();
            // The engine runs on the calling thread, so this thread's counter is every byte a package costs the GC.
            var allocatedPerPackage = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)iterations;
            // Process CPU also counts the JIT's background thread: show how much of the mean is compilation still
            // going on after the warm-up, and how much is GC pauses, so the figure can be read.
            var jitPerPackage = (JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds / iterations;
            var gcPausePerPackage = (GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds / iterations;
            var cpuPerPackage = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / iterations;
            worstMean = Math.Max(worstMean, cpuPerPackage);
            if (cpuPerPackage > slowest.Mean)
            {
                slowest = (package, cpuPerPackage);
            }

            var seed = $"seed {index:D3} ({package.Header.DepartmentName}, {rules} rule results)";
            results.Add(new Figure(Name, $"{seed}: CPU per package (mean, GC included)", cpuPerPackage, "ms", "< 2 ms", cpuPerPackage < 2));
            results.Add(new Figure(Name, $"{seed}: wall p50 / p99 / max over {iterations}", samples.Percentile(50), "ms",
                Note: $"p99 {Results.Format(samples.Percentile(99))} ms, max {Results.Format(samples.Percentile(100))} ms, mean {Results.Format(wall.Elapsed.TotalMilliseconds / iterations)} ms; after {warm.Elapsed.TotalSeconds:0.0} s of warm-up"));
            results.Add(new Figure(Name, $"{seed}: allocated per package", allocatedPerPackage / 1024, "KiB"));
            results.Add(new Figure(Name, $"{seed}: of the CPU mean, JIT compiling during the loop", jitPerPackage, "ms",
                Note: $"GC pauses {Results.Format(gcPausePerPackage)} ms per package"));
        }

        if (worstMean >= 2)
        {
            results.Note(Name, $"the slowest seed needs {worstMean:0.00} ms of CPU per package (target < 2 ms).");
        }

        Profile(assembly, slowest.Package, Reconcile);
    }

    /// <summary>
    /// A Stopwatch breakdown of the slowest seed by rule (each table rule alone, the narrative checks, Compose), so
    /// a miss names where the time goes; and what Intake spends turning the same package into bytes and JSON.
    /// </summary>
    private void Profile(Assembly assembly, BudgetPackage package, Func<BudgetPackage, Report> reconcile)
    {
        var parts = new List<(string Part, Action Run)>();
        var rulesType = assembly.GetType("BudgetMesh.Reconciler.Rules.ReconcilerRules", throwOnError: true)!;
        foreach (var rule in (System.Collections.IEnumerable)rulesType.GetProperty("All", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
        {
            var id = (string)rule.GetType().GetProperty("Id")!.GetValue(rule)!;
            var run = rule.GetType().GetMethod("Run")!.CreateDelegate<Func<BudgetPackage, RuleResult>>(rule);
            parts.Add((id, () => run(package)));
        }

        var narrative = assembly.GetType("BudgetMesh.Reconciler.Narrative.NarrativeChecks", throwOnError: true)!
            .GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<BudgetPackage, IReadOnlyList<RuleResult>>>();
        parts.Add(("narrative checks (all)", () => narrative(package)));
        parts.Add(("whole RunInProcess + Compose", () => reconcile(package)));
        parts.Add(("(Intake) package → protobuf bytes", () => package.ToByteArray()));
        parts.Add(("(Intake) package → JSON for jsonb", () => Google.Protobuf.JsonFormatter.Default.Format(package)));

        var iterations = Math.Max(50, environment.Options.RuleIterations / 10);
        var timings = new List<(string Part, double Milliseconds)>();
        foreach (var (part, run) in parts)
        {
            for (var i = 0; i < 20; i++)
            {
                run();
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                run();
            }

            timings.Add((part, clock.Elapsed.TotalMilliseconds / iterations));
        }

        var whole = timings.Single(t => t.Part.StartsWith("whole", StringComparison.Ordinal)).Milliseconds;
        var top = timings.Where(t => !t.Part.StartsWith("whole", StringComparison.Ordinal) && !t.Part.StartsWith("(Intake)", StringComparison.Ordinal))
            .OrderByDescending(t => t.Milliseconds).Take(6)
            .Select(t => $"{t.Part} {t.Milliseconds:0.000} ms ({t.Milliseconds / whole:P0})");
        results.Note(Name, $"profile of {package.Header.DepartmentName} (wall, mean of {iterations}; whole engine {whole:0.00} ms): {string.Join("; ", top)}. "
            + $"For comparison, Intake's per-submission encoding of the same package: {string.Join("; ", timings.Where(t => t.Part.StartsWith("(Intake)", StringComparison.Ordinal)).Select(t => $"{t.Part[9..]} {t.Milliseconds:0.00} ms"))}; "
            + $"package {package.CalculateSize() / 1024.0:0} KiB as protobuf.");
    }
}
