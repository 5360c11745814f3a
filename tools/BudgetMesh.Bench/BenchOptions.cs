using System.Globalization;

namespace BudgetMesh.Bench;

/// <summary>
/// Counts and durations of one run. The full run is what `make bench` reports; --quick keeps every phase but
/// shrinks it, so a trial on a shared 2-core machine costs a minute or two instead of ten.
/// </summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }

    public string OutputDirectory { get; init; } = "bench";

    /// <summary>Benchmarks to run (grpc, intake, rules, import, e2e, replicas); empty = all.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public bool SharedMachine { get; init; }

    public TimeSpan GrpcWarmup => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(1);

    public TimeSpan GrpcDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    public TimeSpan IntakeWarmup => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(1);

    public TimeSpan IntakeDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    public int RuleIterations => Quick ? 200 : 2000;

    public int ClassificationCalls => Quick ? 5 : 30;

    public int EndToEndPackages { get; init; } = 10_000;

    /// <summary>How long the 50/s steady load is offered before it is measured (JIT warm-up of every service).</summary>
    public TimeSpan SteadyWarmup => Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(15);

    /// <summary>How long the 50/s steady load is offered.</summary>
    public TimeSpan SteadyDuration => Quick ? TimeSpan.FromSeconds(8) : TimeSpan.FromSeconds(30);

    /// <summary>Beyond this the throughput phase stops waiting and reports what was reconciled (keeps `make bench` under 15 minutes).</summary>
    public TimeSpan EndToEndPatience => Quick ? TimeSpan.FromSeconds(90) : TimeSpan.FromSeconds(300);

    public bool Runs(string name) => Only.Count == 0 || Only.Contains(name);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int? packages = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    options = options with { Quick = true };
                    break;
                case "--shared-machine":
                    options = options with { SharedMachine = true };
                    break;
                case "--out" when i + 1 < args.Length:
                    options = options with { OutputDirectory = args[++i] };
                    break;
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--packages" when i + 1 < args.Length:
                    packages = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Use --quick, --out DIR, --only grpc,intake,rules,import,e2e,replicas, --packages N, --shared-machine.");
            }
        }

        return options with { Only = only, EndToEndPackages = packages ?? (options.Quick ? 1_000 : 10_000) };
    }
}
