using System.CommandLine;
using System.Text.Json.Nodes;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Report.V1;
using Spectre.Console;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// `budgetmesh submit FILE|DIR [--wait]`: submits one package or a directory of them concurrently, with a progress
/// bar and a summary table; --wait follows each revision until it is reconciled.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("FILE|DIR") { Description = "预算包 JSON、公开文本（.txt）或 PDF，或含这些文件的目录" };
        var wait = new Option<bool>("--wait") { Description = "等待每个报送校核完成，并显示错误与警告数" };
        var parallel = new Option<int>("--parallel") { Description = "同时报送的数量", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout") { Description = "--wait 的最长等待秒数", DefaultValueFactory = _ => 300 };
        var connection = new ConnectionOptions(Peer.Intake);
        var command = new Command("submit", "报送预算包（区县密钥）") { path, wait, parallel, timeout };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var files = PackageFiles.Expand(result.GetValue(path)!);
            using var session = connection.Open(result, console);
            var outcomes = await SubmitAllAsync(session, files, result.GetValue(wait), Math.Max(1, result.GetValue(parallel)),
                TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))), cancellationToken);
            await PrintAsync(session, outcomes, result.GetValue(wait));
            return CommandRunner.Worst(outcomes.Select(o => o.Code));
        }));
        return command;
    }

    /// <summary>What became of one file.</summary>
    internal sealed record Outcome(string File, SubmitPackageResponse? Response, WatchSubmissionResponse? Reconciled, int Code, IReadOnlyList<string> Problems)
    {
        public SubmissionStatus Status => Reconciled?.Summary.Status ?? Response?.Receipt.Status ?? SubmissionStatus.Unspecified;

        public ReportSummary? Summary => Reconciled?.Summary.ReportSummary;
    }

    /// <summary>Submits (and, with <paramref name="wait"/>, follows) every file; used by `check` too.</summary>
    internal static async Task<IReadOnlyList<Outcome>> SubmitAllAsync(Session session, IReadOnlyList<FileInfo> files, bool wait, int parallel,
        TimeSpan timeout, CancellationToken cancellationToken, ImportOptions? options = null)
    {
        using var gate = new SemaphoreSlim(parallel);
        if (session.Json)
        {
            return await Task.WhenAll(files.Select(f => OneAsync(session, f, wait, timeout, gate, null, options, cancellationToken)));
        }

        if (!Display.IsTerminal(session.Console.Output))
        {
            // A file or pipe gets no redrawn bars: one line per file once it is done (100 %), in the order they finish.
            using var lines = new SemaphoreSlim(1);
            return await Task.WhenAll(files.Select(async f =>
            {
                var outcome = await OneAsync(session, f, wait, timeout, gate, null, options, cancellationToken);
                await lines.WaitAsync(cancellationToken);
                try
                {
                    var state = outcome.Response is null ? "失败" : Display.Status(outcome.Status);
                    await session.Console.Output.WriteLineAsync($"{f.Name}：100%（{state}）");
                }
                finally
                {
                    lines.Release();
                }

                return outcome;
            }));
        }

        var outcomes = Array.Empty<Outcome>();
        await Display.Ansi(session.Console.Output).Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                outcomes = await Task.WhenAll(files.Select(f =>
                    OneAsync(session, f, wait, timeout, gate, progress.AddTask(Display.Safe(f.Name), maxValue: wait ? 2 : 1), options, cancellationToken)));
            });
        return outcomes;
    }

    private static async Task<Outcome> OneAsync(Session session, FileInfo file, bool wait, TimeSpan timeout, SemaphoreSlim gate, ProgressTask? task, ImportOptions? options, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        var problems = new List<string>();
        SubmitPackageResponse? response = null;
        try
        {
            var package = await PackageFiles.LoadAsync(file, imported => problems.AddRange(imported.Unplaced.Select(u => $"未能识别的行 {u.LineNumber}：{u.Text}")), cancellationToken, options);
            response = await session.IntakeAsync((client, options) => client.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, options), cancellationToken);
            task?.Increment(1);
            if (!wait)
            {
                return new Outcome(file.Name, response, null, ExitCodes.Ok, problems);
            }

            var last = await session.WatchAsync(response.Receipt.SubmissionId, response.Receipt.Revision,
                change => Display.IsReconciledOrLater(change.Change.Status), _ => Task.CompletedTask, timeout, cancellationToken);
            task?.Increment(1);
            if (last is null || !Display.IsReconciledOrLater(last.Summary.Status))
            {
                problems.Add("等待结束时尚未校核完成");
                return new Outcome(file.Name, response, last, ExitCodes.Failed, problems);
            }

            var errors = last.Summary.ReportSummary?.Errors ?? 0;
            return new Outcome(file.Name, response, last, errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok, problems);
        }
        catch (Exception ex) when (CommandRunner.Describe(ex) is { } failure)
        {
            problems.AddRange(failure.Lines);
            return new Outcome(file.Name, response, null, failure.Code, problems);
        }
        finally
        {
            task?.StopTask();
            gate.Release();
        }
    }

    private static async Task PrintAsync(Session session, IReadOnlyList<Outcome> outcomes, bool wait)
    {
        if (session.Json)
        {
            var array = new JsonArray();
            foreach (var o in outcomes)
            {
                array.Add(new JsonObject
                {
                    ["file"] = o.File,
                    ["receipt"] = o.Response is null ? null : Display.Node(o.Response.Receipt),
                    ["duplicate"] = o.Response?.Duplicate ?? false,
                    ["status"] = Display.StatusName(o.Status),
                    ["reportSummary"] = o.Summary is null ? null : Display.Node(o.Summary),
                    ["exitCode"] = o.Code,
                    ["problems"] = new JsonArray(o.Problems.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                });
            }

            await Display.WriteJsonAsync(session.Console.Output, array);
            return;
        }

        var table = Display.NewTable(("文件", false), ("报送编号 / 版本", true), ("状态", false), (wait ? "错/警" : "重复报送", false)).Title("报送结果");
        foreach (var o in outcomes)
        {
            var receipt = o.Response is null ? "—" : $"{o.Response.Receipt.SubmissionId} 第{o.Response.Receipt.Revision}版";
            var last = wait ? (o.Summary is { } s ? $"{s.Errors}/{s.Warnings}" : "—") : (o.Response?.Duplicate == true ? "是（回执不变）" : "否");
            table.AddRow(Display.Safe(o.File), receipt, o.Response is null ? "失败" : Display.Status(o.Status), last);
        }

        var ansi = Display.Ansi(session.Console.Output);
        ansi.Write(table);
        foreach (var o in outcomes.Where(o => o.Problems.Count > 0))
        {
            await session.Console.Error.WriteLineAsync($"{o.File}：");
            foreach (var problem in o.Problems)
            {
                await session.Console.Error.WriteLineAsync($"  {problem}");
            }
        }
    }
}
