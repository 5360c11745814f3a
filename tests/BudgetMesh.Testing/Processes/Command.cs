using System.Diagnostics;
using System.Text;

namespace BudgetMesh.Testing.Processes;

internal sealed record CommandResult(int ExitCode, string Output);

/// <summary>Runs short-lived helper commands (initdb, pg_ctl, rabbitmqctl) and captures their output for error messages.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.\n{Snapshot(output)}");
        }

        // Erlang CLI tools leave helper processes behind for a moment that still hold the pipes;
        // their exit code is what counts, so do not wait for end-of-file much longer.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        return new CommandResult(process.ExitCode, Snapshot(output));
    }

    public static async Task<string> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var argumentList = arguments.ToList();
        var result = await RunAsync(fileName, argumentList, environment, timeout, cancellationToken);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', argumentList)}` failed with exit code {result.ExitCode}:\n{result.Output}");
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (output)
            {
                output.Append(buffer, 0, read);
            }
        }
    }
}
