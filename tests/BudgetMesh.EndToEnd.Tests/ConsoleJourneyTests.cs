using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// Issue 10, acceptance 1, over the whole deployment in Debian's Chromium (playwright-core, never a downloaded
/// browser): an operator signs in, opens a seed submission, finds a known finding on its cell, approves it over its
/// errors with a reason, sees it published, and follows the link to the website; the approval is one trace from the
/// console's form post to the publisher's website pushes.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class ConsoleJourneyTests(Deployment deployment)
{
    internal static readonly string BrowserDir =
        typeof(ConsoleJourneyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BrowserProject").Value!;

    [Fact]
    public async Task An_operator_approves_seed_001_over_its_errors_in_the_console_and_follows_it_to_the_published_page()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Install Debian's chromium: apt-get install -y chromium fonts-noto-cjk");
        await EnsureInstalledAsync();
        var package = deployment.Seed(Seeds.Dadukou2025);
        var receipt = await deployment.SubmitAsync(package);
        Assert.Equal(SubmissionStatus.ReconciledErrors, await deployment.WaitForStatusAsync(receipt.SubmissionId,
            s => s is SubmissionStatus.ReconciledClean or SubmissionStatus.ReconciledWarnings or SubmissionStatus.ReconciledErrors, TimeSpan.FromSeconds(30)));

        // Seed 001 prints 一般公共预算支出 where class 201 is 一般公共服务支出: the console must mark that row of CZ.
        var report = await deployment.ReportAsync(receipt);
        var misnamed = report.Results.Where(r => r.RuleId == "C2-NAME-MISMATCH").SelectMany(r => r.Findings)
            .Single(f => f.Locations.Any(l => l.Table == TableKey.Cz && l.RowCode == "201"));
        Assert.Equal(Severity.Warning, misnamed.Severity);
        var location = misnamed.Locations.First(l => l.Table == TableKey.Cz && l.RowCode == "201");
        // The cell shows its most severe finding: the warning, or an error another rule found on the same cell.
        var finding = new { table = "CZ", rowCode = location.RowCode, column = location.Column, severities = new[] { "warning", "error" }, ruleId = "C2-NAME-MISMATCH" };

        var screenshots = Path.Combine(BrowserDir, "screenshots");
        Directory.CreateDirectory(screenshots);
        var (code, output) = await RunAsync("node", ["journey.spec.mjs"], new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = deployment.ConsoleAddress.ToString().TrimEnd('/'),
            ["OPERATOR_KEY"] = deployment.OperatorKey,
            ["SUBMISSION_ID"] = receipt.SubmissionId,
            ["SCREENSHOT_DIR"] = screenshots,
            ["FINDING"] = JsonSerializer.Serialize(finding),
        });

        Assert.True(code == 0, output + "\n" + deployment.Logs());
        var seen = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("已发布", seen.GetProperty("status").GetString());
        Assert.StartsWith(deployment.Website.BaseUrl.ToString(), seen.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Contains("CZ", seen.GetProperty("tables").EnumerateArray().Select(t => t.GetString()));
        Assert.True(seen.GetProperty("rows").GetInt32() > 0);
        foreach (var shot in new[] { "01-submissions", "02-submission-findings", "03-approved", "04-published", "05-website-page" })
        {
            Assert.True(File.Exists(Path.Combine(screenshots, shot + ".png")), shot);
        }

        // The form post in the console, Intake's approval and outbox, Publication's consumer and publisher: one trace.
        var approval = await JourneyTests.WaitForTraceAsync(deployment, receipt.SubmissionId, "/ApproveRevision", trace =>
            JourneyTests.HasAll(trace, "console", "intake", "publication")
            && JourneyTests.Roots(trace) is [{ Service: "console" }]
            && trace.Any(s => s.Service == "publication" && s.Name == "publish disclosure")
            && trace.Any(s => s.Service == "intake" && s.Name == "intake-disclosure-published process"));

        // One client span per call: the console's ApproveRevision is one span named by its rpc (gRPC client
        // instrumentation), with no HttpClient span for the same call, and Intake's server span is its child.
        const int Client = 3;
        var calls = approval.Where(s => s.Service == "console" && s.Kind == Client).ToList();
        var approve = Assert.Single(calls, s => s.Name == "budgetmesh.intake.v1.IntakeService/ApproveRevision");
        Assert.DoesNotContain(calls, s => s.Name.StartsWith("POST", StringComparison.Ordinal));
        Assert.Contains(approval, s => s.Service == "intake" && s.ParentSpanId == approve.SpanId);
    }

    internal static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path.Combine(BrowserDir, "node_modules", "playwright-core", "package.json")))
        {
            return;
        }

        var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], []);
        Assert.True(code == 0, $"npm ci in {BrowserDir} failed:\n{output}");
    }

    internal static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, Dictionary<string, string> environment, int timeoutSeconds = 90)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = BrowserDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Playwright must never fetch a browser of its own.
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeoutSeconds} s.");
        }

        return (process.ExitCode, await output + await error);
    }
}
