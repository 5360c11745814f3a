using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// Issue 21, acceptance 4: every one of the seven processes shows in the Aspire Dashboard with traces, metrics and
/// structured logs, read through the dashboard's own telemetry API (the store its pages show).
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class DashboardTelemetryTests(Deployment deployment)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The service.name of each process `make run` starts.</summary>
    private static readonly string[] Processes = ["intake", "reconciler", "classification", "three-public-expenses", "performance", "publication", "console"];

    [Fact]
    public async Task Every_process_shows_in_the_dashboard_with_traces_metrics_and_structured_logs()
    {
        // Work through every process: a submission checked by the rule services, approved, published; a console page.
        var receipt = await deployment.SubmitAsync(deployment.Seed(Seeds.Jiulongpo2025));
        await deployment.WaitForStatusAsync(receipt.SubmissionId, s => s == SubmissionStatus.ReconciledWarnings, Patience);
        await deployment.ApproveAsync(receipt);
        await deployment.WaitForStatusAsync(receipt.SubmissionId, s => s == SubmissionStatus.Published, Patience);
        using (var http = new HttpClient())
        using (var page = await http.GetAsync(deployment.ConsoleAddress))
        {
            Assert.True(page.IsSuccessStatusCode, $"the console answered {(int)page.StatusCode}");
        }

        // Metrics are exported every second, spans and logs in batches: wait until the dashboard has all three of each.
        var deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<DashboardResource> resources = [];
        IReadOnlyList<string> missing = Processes;
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            resources = await deployment.Dashboard.ResourcesAsync();
            missing = Missing(resources);
            if (missing.Count > 0)
            {
                await Task.Delay(250);
            }
        }

        Assert.True(missing.Count == 0, $"The dashboard lacks {string.Join(", ", missing)}; it holds "
            + string.Join("; ", resources.Select(r => $"{r.Name} (traces {r.HasTraces}, metrics {r.HasMetrics}, logs {r.HasLogs})")));

        // Structured: each process's records carry their message's named values as attributes, not only a text.
        foreach (var process in Processes)
        {
            var logs = await deployment.Dashboard.LogsAsync(process);
            Assert.All(logs, record => Assert.Equal(process, record.Service));
            Assert.Contains(logs, record => record.Message.Length > 0 && record.AttributeKeys.Count > 0);
        }
    }

    /// <summary>"intake: metrics" and the like, for each kind of telemetry the dashboard has not received from a process.</summary>
    private static List<string> Missing(IReadOnlyList<DashboardResource> resources) =>
    [
        .. Processes.SelectMany(process =>
        {
            var held = resources.Where(r => r.Name == process).ToList();
            return new[]
            {
                held.Any(r => r.HasTraces) ? null : $"{process}: traces",
                held.Any(r => r.HasMetrics) ? null : $"{process}: metrics",
                held.Any(r => r.HasLogs) ? null : $"{process}: logs",
            }.OfType<string>();
        }),
    ];
}
