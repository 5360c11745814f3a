using System.Diagnostics;
using BudgetMesh.Bench;

// `make bench`: every figure of issue 12 beside its reference, in one run, into bench/results.{md,json}.
//   dotnet BudgetMesh.Bench.dll [--quick] [--only grpc,intake,rules,import,e2e,replicas] [--packages N] [--out DIR] [--shared-machine]
var options = BenchOptions.Parse(args);
var clock = Stopwatch.StartNew();
Console.WriteLine($"BudgetMesh bench ({(options.Quick ? "quick" : "full")}): starting PostgreSQL and RabbitMQ...");
await using var environment = await BenchEnvironment.StartAsync(options);
var results = new Results { Machine = await environment.DescribeMachineAsync(), Mode = options.Quick ? "quick" : "full" };

var benchmarks = new (string Key, string Title, Func<Task> Run)[]
{
    // CPU-only first, before any server has warmed the caches or left work behind.
    ("rules", "4a rule engine", () => { new RuleEngineBenchmark(environment, results).Run(); return Task.CompletedTask; }),
    ("import", "6 import of one document", () => new ImportBenchmark(environment, results).RunAsync()),
    ("grpc", "1 gRPC layer", () => new GrpcLayerBenchmark(environment, results).RunAsync()),
    ("intake", "2 Intake durability", () => new IntakeDurabilityBenchmark(environment, results).RunAsync()),
    ("rules", "4b Classification batch", () => new ClassificationBatchBenchmark(environment, results).RunAsync()),
    ("e2e", "3+5 end to end and memory", () => new EndToEndBenchmark(environment, results).RunAsync()),
    // Two more 10,000-package runs, each on a topology of its own; alone with --only replicas.
    ("replicas", "7 one replica against two", () => new ReplicasBenchmark(environment, results).RunAsync()),
};

var failed = 0;
foreach (var (key, title, run) in benchmarks.Where(b => options.Runs(b.Key)))
{
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {title}");
    try
    {
        await run();
    }
    catch (Exception ex)
    {
        // One broken phase must not cost the others' figures: it is reported in the results instead.
        failed++;
        results.Note(title, $"FAILED: {ex.GetType().Name}: {ex.Message}");
        Console.Error.WriteLine(ex);
    }
}

await results.WriteAsync(options.OutputDirectory);
Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] wrote {Path.Combine(options.OutputDirectory, "results.md")} and results.json");
return failed == 0 ? 0 : 1;
