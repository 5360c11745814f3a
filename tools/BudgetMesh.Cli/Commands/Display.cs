using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Report.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SubmissionStatusReflection = BudgetMesh.Contracts.Intake.V1.IntakeReflection;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>How the commands show things: Chinese words for people, protobuf JSON for scripts.</summary>
internal static class Display
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A Spectre console on the command's writer: ANSI and live progress only when it is a terminal.</summary>
    public static IAnsiConsole Ansi(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // A file or pipe has no width: wide enough that findings and receipts stay on one line for grep.
            ansi.Profile.Width = 240;
        }

        return ansi;
    }

    /// <summary>The status in the one vocabulary the console uses too.</summary>
    public static string Status(SubmissionStatus status) => StatusWords.Label(status);

    /// <summary>The proto enum name (SUBMISSION_STATUS_…), the stable form for scripts.</summary>
    public static string StatusName(SubmissionStatus status) =>
        SubmissionStatusReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("SubmissionStatus").FindValueByNumber((int)status)?.Name ?? status.ToString();

    /// <summary>Reconciled, or any state after it: what `--wait` waits for.</summary>
    public static bool IsReconciledOrLater(SubmissionStatus status) => status >= SubmissionStatus.ReconciledClean;

    public static string Severity(Severity severity) => severity switch
    {
        Contracts.Report.V1.Severity.Error => "错误",
        Contracts.Report.V1.Severity.Warning => "警告",
        Contracts.Report.V1.Severity.Info => "提示",
        _ => "未定",
    };

    /// <summary>Beijing time, whatever the machine's zone: the same clock as the console (headers say 北京时间).</summary>
    public static string Time(Timestamp? at) => at is null ? string.Empty : StatusWords.Time(at.ToDateTimeOffset());

    public static string Counts(ReportSummary? summary) =>
        summary is null ? "—" : $"错误 {summary.Errors} / 警告 {summary.Warnings} / 提示 {summary.Infos}";

    /// <summary>Where a finding points, e.g. "GF 2010301 basic" or "NAR 120+35".</summary>
    public static string Where(Finding finding) => string.Join("；", finding.Locations.Select(l =>
    {
        var parts = new List<string> { l.Table == TableKey.Unspecified ? "—" : l.Table.ToString().ToUpperInvariant() };
        if (l.Project.Length > 0)
        {
            parts.Add(l.Project);
        }

        parts.Add(l.RowCode.Length > 0 ? l.RowCode : l.RowIndex == -1 ? "合计行" : l.Label);
        if (l.Column.Length > 0)
        {
            parts.Add(l.Column);
        }

        if (l.Span is { } span)
        {
            parts.Add($"字符 {span.Start}+{span.Length}");
        }

        return string.Join(' ', parts.Where(p => p.Length > 0));
    }));

    public static JsonNode Node(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    public static string Json(JsonNode node) => node.ToJsonString(Indented);

    public static Task WriteJsonAsync(TextWriter writer, JsonNode node) => writer.WriteLineAsync(Json(node));

    /// <summary>Markup-safe text (submitters' names may contain [brackets]).</summary>
    public static string Safe(string text) => Markup.Escape(text);
}
