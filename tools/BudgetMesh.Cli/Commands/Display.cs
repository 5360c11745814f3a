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

    /// <summary>The width tables are laid out for when the output is not a terminal: an 100-column terminal's.</summary>
    public const int PlainWidth = 100;

    /// <summary>Whether <paramref name="writer"/> is an interactive terminal (live progress bars, colours).</summary>
    public static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;

    /// <summary>A Spectre console on the command's writer: ANSI and live progress only when it is a terminal.</summary>
    public static IAnsiConsole Ansi(TextWriter writer)
    {
        var terminal = IsTerminal(writer);
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // A file or pipe has no width: lay tables out for an 100-column terminal, where they are read.
            ansi.Profile.Width = PlainWidth;
        }

        return ansi;
    }

    /// <summary>
    /// A table that fits an 100-column terminal: no outer frame, and columns holding ids or codes never wrap (a
    /// UUID split over two lines cannot be copied); the others wrap to make room.
    /// </summary>
    public static Table NewTable(params (string Header, bool NoWrap)[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var (header, noWrap) in columns)
        {
            var column = new TableColumn(header);
            table.AddColumn(noWrap ? column.NoWrap() : column);
        }

        return table;
    }

    /// <summary>A rule as operators know it: its short code and Chinese title from the rule catalog ("R2：…"), as the console shows it.</summary>
    public static string Rule(string ruleId) =>
        Reconciler.RuleCatalog.RuleCatalog.Embedded.Find(ruleId) is { } rule ? $"{rule.Rule}：{rule.Title}" : $"{RuleCode(ruleId)}：（规则目录中无此规则的名称）";

    /// <summary>The short code ("R2"): the catalog's, else the id up to its first '-'.</summary>
    public static string RuleCode(string ruleId) =>
        Reconciler.RuleCatalog.RuleCatalog.Embedded.Find(ruleId)?.Rule ?? ruleId.Split('-', 2)[0];

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

    /// <summary>"12-06 09:15" in Beijing time, for tables that must fit an 100-column terminal.</summary>
    public static string ShortTime(Timestamp? at) =>
        at is null ? string.Empty : at.ToDateTimeOffset().ToOffset(StatusWords.Beijing).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Counts(ReportSummary? summary) =>
        summary is null ? "—" : $"错误 {summary.Errors} / 警告 {summary.Warnings} / 提示 {summary.Infos}";

    /// <summary>
    /// Where a finding points, in the document's words: "GF 2010301 “基本支出”列", "情况说明 第120字起". The table key
    /// stays (it is printed on every table the CLI shows); a column is named by its printed header, never its field.
    /// </summary>
    public static string Where(Finding finding) => string.Join("；", finding.Locations.Select(l =>
    {
        var parts = new List<string> { l.Table == TableKey.Unspecified ? "—" : l.Table == TableKey.Nar ? TableNames.Of(l.Table) : l.Table.ToString().ToUpperInvariant() };
        if (l.Project.Length > 0)
        {
            parts.Add($"项目“{l.Project}”");
        }

        parts.Add(l.RowCode.Length > 0 ? l.RowCode : l.Label.Length > 0 ? l.Label : l.Table is TableKey.Nar or TableKey.Header ? string.Empty : l.RowIndex >= 0 ? $"第{l.RowIndex + 1}行" : "合计行");
        if (l.Column.Length > 0)
        {
            parts.Add(ColumnNames.Of(l.Column) is { } header ? $"“{header}”列" : "（未知列）");
        }

        if (l.Span is { } span)
        {
            parts.Add($"第{span.Start + 1}字起");
        }

        return string.Join(' ', parts.Where(p => p.Length > 0));
    }));

    public static JsonNode Node(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    public static string Json(JsonNode node) => node.ToJsonString(Indented);

    public static Task WriteJsonAsync(TextWriter writer, JsonNode node) => writer.WriteLineAsync(Json(node));

    /// <summary>Markup-safe text (submitters' names may contain [brackets]).</summary>
    public static string Safe(string text) => Markup.Escape(text);
}
