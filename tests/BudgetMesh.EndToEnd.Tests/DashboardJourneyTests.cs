using System.Text.Json;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// Issue 21, acceptance 4: with the deployment exporting to the Aspire Dashboard, an operator signs in to the console,
/// follows a submission's traces link into the dashboard (signed in there by the link) and finds, in that submission's
/// journey, spans of Intake, the Reconciler, the three rule services and Publication.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class DashboardJourneyTests(Deployment deployment)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] JourneyServices = ["intake", "reconciler", "classification", "three-public-expenses", "performance", "publication"];

    [Fact]
    public async Task An_operator_follows_a_submissions_traces_link_into_the_dashboard_and_finds_every_service_of_its_journey()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Install Debian's chromium: apt-get install -y chromium fonts-noto-cjk");
        await ConsoleJourneyTests.EnsureInstalledAsync();
        var receipt = await deployment.SubmitAsync(deployment.Seed(Seeds.Jiulongpo2025));
        await deployment.WaitForStatusAsync(receipt.SubmissionId, s => s == SubmissionStatus.ReconciledWarnings, Patience);
        await deployment.ApproveAsync(receipt);
        await deployment.WaitForStatusAsync(receipt.SubmissionId, s => s == SubmissionStatus.Published, Patience);
        // The dashboard has the journey once its spans have arrived from every process (they export in batches).
        await JourneyTests.WaitForTraceAsync(deployment, receipt.SubmissionId, "/SubmitPackage", trace => JourneyTests.HasAll(trace, JourneyServices[..5]));
        await JourneyTests.WaitForTraceAsync(deployment, receipt.SubmissionId, "/ApproveRevision", trace => JourneyTests.HasAll(trace, "intake", "publication"));

        var screenshots = Path.Combine(ConsoleJourneyTests.BrowserDir, "screenshots");
        Directory.CreateDirectory(screenshots);
        var (code, output) = await ConsoleJourneyTests.RunAsync("node", ["dashboard.spec.mjs"], new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = deployment.ConsoleAddress.ToString().TrimEnd('/'),
            ["OPERATOR_KEY"] = deployment.OperatorKey,
            ["SUBMISSION_ID"] = receipt.SubmissionId,
            ["SCREENSHOT_DIR"] = screenshots,
            ["SERVICES"] = JsonSerializer.Serialize(JourneyServices),
        }, timeoutSeconds: 180);

        Assert.True(code == 0, output + "\n" + deployment.Logs());
        var seen = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Superset(JourneyServices.ToHashSet(), seen.GetProperty("services").EnumerateArray().Select(s => s.GetString()!).ToHashSet());
        // Submit → reconcile and approve → publish: the journey's two traces (joined by a span link), found by the submission's id.
        Assert.True(seen.GetProperty("traces").GetInt32() >= 2, output);
    }
}
