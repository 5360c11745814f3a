using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.Bench;

/// <summary>One measured figure; a figure with a target says whether it met it.</summary>
internal sealed record Figure(string Benchmark, string Name, double Value, string Unit, string? Target = null, bool? Met = null, string? Note = null);

/// <summary>Everything one run measured, written as bench/results.md (for people) and bench/results.json (for diffs and tools).</summary>
internal sealed class Results
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<Figure> _figures = [];
    private readonly List<(string Benchmark, string Text)> _notes = [];
    private readonly Lock _gate = new();

    public required Dictionary<string, string> Machine { get; init; }

    public required string Mode { get; init; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public void Add(Figure figure)
    {
        lock (_gate)
        {
            _figures.Add(figure);
        }

        var target = figure.Target is null ? string.Empty : $"  (target {figure.Target}: {(figure.Met == true ? "met" : "MISSED")})";
        Console.WriteLine($"  {figure.Benchmark,-20} {figure.Name,-58} {Format(figure.Value),12} {figure.Unit}{target}");
    }

    /// <summary>An explanation (a profile, a cause, an error) shown under the table.</summary>
    public void Note(string benchmark, string text)
    {
        lock (_gate)
        {
            _notes.Add((benchmark, text));
        }

        Console.WriteLine($"  note [{benchmark}] {text}");
    }

    public async Task WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var finishedAt = DateTimeOffset.UtcNow;
        var document = new
        {
            mode = Mode,
            startedAt = StartedAt,
            finishedAt,
            durationSeconds = Math.Round((finishedAt - StartedAt).TotalSeconds, 1),
            machine = Machine,
            figures = _figures,
            notes = _notes.Select(n => new { benchmark = n.Benchmark, text = n.Text }),
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(document, Json) + "\n");

        var md = new StringBuilder();
        md.AppendLine("# BudgetMesh benchmark results");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `make bench` (tools/bench/run-bench.sh → tools/BudgetMesh.Bench), {Mode} run, {StartedAt:yyyy-MM-dd HH:mm} UTC, {(finishedAt - StartedAt).TotalMinutes:0.0} minutes.");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in Machine)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {Escape(value)} |");
        }

        md.AppendLine();
        md.AppendLine("## Figures");
        md.AppendLine();
        md.AppendLine("| benchmark | figure | value | target | met? |");
        md.AppendLine("|---|---|---:|---|---|");
        foreach (var f in _figures)
        {
            var met = f.Met switch { true => "yes", false => "**no**", null => "" };
            var note = f.Note is null ? string.Empty : $" ({Escape(f.Note)})";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Benchmark} | {Escape(f.Name)}{note} | {Format(f.Value)} {f.Unit} | {Escape(f.Target ?? "")} | {met} |");
        }

        if (_notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes, profiles and gaps (measured in this run)");
            md.AppendLine();
            foreach (var (benchmark, text) in _notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- **{benchmark}**: {text}");
            }
        }

        var analysis = Path.Combine(directory, "analysis.md");
        if (File.Exists(analysis))
        {
            // Hand-written findings (profiles, what would close a gap) live beside the generated files and are
            // carried into every run's report.
            md.AppendLine();
            md.Append(await File.ReadAllTextAsync(analysis));
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), md.ToString());
    }

    public static string Format(double value) => double.IsNaN(value)
        ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
