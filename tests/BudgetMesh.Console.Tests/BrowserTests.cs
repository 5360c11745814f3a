using System.Diagnostics;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>Headless Debian Chromium (playwright-core, never a downloaded browser) through the real console.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BrowserTests(ConsoleFixture console)
{
    private static readonly string BrowserDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../browser"));

    [Fact]
    public async Task An_operator_signs_in_opens_a_seed_submission_sees_findings_on_their_cells_and_approves_it()
    {
        await EnsureBrowserAsync();
        var receipt = await console.SubmitReconciledAsync();
        var screenshots = Path.Combine(BrowserDir, "screenshots");
        Directory.CreateDirectory(screenshots);

        var run = await RunAsync("node", "console.spec.mjs", new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = console.ConsoleAddress.ToString().TrimEnd('/'),
            ["OPERATOR_KEY"] = console.OperatorKey,
            ["SUBMISSION_ID"] = receipt.SubmissionId,
            ["SCREENSHOT_DIR"] = screenshots,
        });

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("\"ok\":true", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(screenshots, "04-approved.png")));
        Assert.Equal(SubmissionStatus.Approved, (await console.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task The_operators_day_is_walked_in_Chromium_with_every_step_asserted_on_the_page()
    {
        await EnsureBrowserAsync();
        // Five packages of today's queue, found by the filter; two clean, one to return, one with errors, one to publish.
        var day = "日测" + Guid.NewGuid().ToString("N")[..6];
        async Task<string> SubmitAsync(string unit, int errors = 0) =>
            (await console.SubmitReconciledAsync(p => p.Header.UnitName = $"重庆市九龙坡区{day}{unit}", errors: errors)).SubmissionId;
        var submissions = new Dictionary<string, string>
        {
            ["cleanA"] = await SubmitAsync("甲单位"),
            ["cleanB"] = await SubmitAsync("乙单位"),
            ["toReturn"] = await SubmitAsync("丙单位"),
            ["withErrors"] = await SubmitAsync("丁单位", errors: 2),
            ["toPublish"] = await SubmitAsync("戊单位"),
        };
        console.Peers.ActLikePublication[submissions["toPublish"]] = true;

        var run = await RunAsync("node", "day.spec.mjs", new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = console.ConsoleAddress.ToString().TrimEnd('/'),
            ["OPERATOR_KEY"] = console.OperatorKey,
            ["FILTER"] = day,
            ["SUBMISSIONS"] = System.Text.Json.JsonSerializer.Serialize(submissions),
            ["SCREENSHOT_DIR"] = Path.Combine(BrowserDir, "screenshots", "day"),
        });

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("\"ok\":true", run.Output, StringComparison.Ordinal);
        // What the browser saw is what Intake recorded.
        Assert.Equal(
            [SubmissionStatus.Approved, SubmissionStatus.Approved, SubmissionStatus.Returned, SubmissionStatus.Approved, SubmissionStatus.Published],
            await Task.WhenAll(submissions.Values.Select(async id => (await console.GetAsync(id)).Receipt.Status)));
        Assert.Equal("附表数据待核实", console.Peers.Retractions[submissions["toPublish"]]);
    }

    [Fact]
    public async Task Every_console_page_at_desktop_and_phone_width_is_screenshotted_passes_axe_and_reads_in_Chinese()
    {
        await EnsureBrowserAsync();
        var receipt = await console.SubmitReconciledAsync();
        var artifacts = Path.Combine(BrowserDir, "screenshots", "pages");

        var run = await RunAsync("node", "pages.spec.mjs", new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = console.ConsoleAddress.ToString().TrimEnd('/'),
            ["OPERATOR_KEY"] = console.OperatorKey,
            ["SUBMISSION_ID"] = receipt.SubmissionId,
            ["ARTIFACT_DIR"] = artifacts,
            ["ALLOWED_WORDS"] = BudgetMesh.Testing.OperatorText.AllowedPattern,
        });

        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("\"ok\":true", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(artifacts, "submission-phone.png")));
        Assert.True(File.Exists(Path.Combine(artifacts, "audit-desktop.png")));
    }

    private static async Task EnsureBrowserAsync()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Install Debian's chromium: apt-get install -y chromium");
        if (!Directory.Exists(Path.Combine(BrowserDir, "node_modules", "playwright-core")) || !Directory.Exists(Path.Combine(BrowserDir, "node_modules", "axe-core")))
        {
            var install = await RunAsync("npm", "ci --no-audit --no-fund", new Dictionary<string, string>());
            Assert.True(install.Code == 0, "npm ci in tests/BudgetMesh.Console.Tests/browser failed:\n" + install.Output);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = BrowserDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
