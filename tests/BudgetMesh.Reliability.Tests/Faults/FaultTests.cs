using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Reliability.Tests.Harness;
using Xunit.Abstractions;

namespace BudgetMesh.Reliability.Tests.Faults;

/// <summary>
/// Something breaks on purpose while district systems submit; at the end every acknowledged package is reconciled
/// exactly once. Counted from the services' own tables: lost = acknowledged but not reconciled; duplicates = more
/// than one report, BudgetReconciled event or reconciled status change for one revision.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests(FaultFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = Measurements.Full ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(3);

    [Fact]
    public async Task PostgreSQL_killed_with_SIGKILL_mid_load_and_restarted_loses_and_duplicates_nothing()
    {
        var postgres = fixture.Deployment.Postgres;
        await RunAsync("PostgreSQL kill -9 mid-load", "102", async () =>
        {
            await postgres.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await postgres.RestartAsync();
            return "PostgreSQL killed (SIGKILL, whole tree) and restarted on the same port and data";
        });
    }

    [FullRunFact]
    public async Task Each_service_killed_with_SIGKILL_in_turn_mid_load_and_restarted_loses_and_duplicates_nothing()
    {
        var deployment = fixture.Deployment;
        await RunAsync("Each service kill -9 in turn mid-load", "103", async () =>
        {
            foreach (var name in Deployment.PipelineServices)
            {
                var service = deployment[name];
                await service.KillAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
                await service.StartAsync();
            }

            return "Intake, Classification, ThreePublicExpenses, PerformanceTargets, Reconciler, Publication killed (SIGKILL) one after another, each restarted on its port";
        }, triggerFraction: 0.2);
    }

    [FullRunFact]
    public async Task Classification_answering_slower_than_the_reconcilers_deadline_for_a_while_loses_and_duplicates_nothing()
    {
        var classification = fixture.Deployment["Classification"];
        var pause = Measurements.Full ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(25);
        await RunAsync("Classification slower than the deadline", "104", async () =>
        {
            // SIGSTOP: connections stay open and requests are accepted but not answered, past the reconciler's
            // 20 s check deadline, the way a stalled (GC, swapping, overloaded) service looks from outside.
            await SignalAsync(classification.Pid!.Value, "STOP");
            await Task.Delay(pause);
            await SignalAsync(classification.Pid!.Value, "CONT");
            return string.Create(CultureInfo.InvariantCulture, $"Classification frozen (SIGSTOP) for {pause.TotalSeconds:F0} s, longer than the 20 s deadline, then resumed");
        });
    }

    [FullRunFact]
    public async Task The_website_down_during_publication_publishes_every_approved_disclosure_exactly_once()
    {
        var deployment = fixture.Deployment;
        var count = Measurements.Submissions;
        var load = new Load(deployment, "105");
        var started = Stopwatch.StartNew();
        await load.SubmitAsync(count);
        var reconciled = await load.SettleAndCountAsync(Patience, started);
        Assert.Equal(0, reconciled.Lost);

        var website = deployment.Website;
        await website.StopAsync();
        var approvals = Task.WhenAll(load.AcknowledgedSoFar.Chunk(count / 4 + 1).Select(async chunk =>
        {
            using var channel = deployment.Client("Intake");
            var intake = new IntakeService.IntakeServiceClient(channel.CallInvoker);
            foreach (var receipt in chunk)
            {
                await intake.ApproveRevisionAsync(
                    new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId.ToString(), Revision = receipt.Revision, ContentHash = receipt.ContentHash, OverrideReason = "可靠性测试：网站停机", Comment = "可靠性测试" },
                    Deployment.Call(deployment.OperatorKey));
            }
        }));
        await Task.Delay(Measurements.WebsiteOutage);
        await approvals;
        var publishedDuringOutage = await load.CountAsync("SELECT count(*) FROM publication.publications WHERE submission_id = ANY($1) AND state = 'published'", Ids(load));
        await website.StartAgainAsync();

        var ids = Ids(load);
        var deadline = DateTime.UtcNow + Patience;
        long published;
        do
        {
            await Task.Delay(500);
            published = await load.CountAsync("SELECT count(*) FROM publication.publications WHERE submission_id = ANY($1) AND state = 'published'", ids);
        }
        while (published < count && DateTime.UtcNow < deadline);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var duplicateEvents = await load.CountAsync("""
            SELECT count(*) - count(DISTINCT (payload->>'submissionId', payload->>'revision')) FROM publication.outbox_messages
            WHERE message_urn LIKE '%disclosure-published%' AND (payload->>'submissionId')::uuid = ANY($1)
            """, ids);
        var duplicateStatus = await load.CountAsync("""
            SELECT count(*) - count(DISTINCT (submission_id, revision)) FROM intake.status_history WHERE submission_id = ANY($1) AND status = 'published'
            """, ids);
        var onDisk = Directory.Exists(website.Root) ? Directory.GetFiles(website.Root, "*", SearchOption.AllDirectories).Length : 0;
        var lost = count - published;
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"website stopped {Measurements.WebsiteOutage.TotalSeconds:F0} s while {count} revisions were approved; published during the outage {publishedDuringOutage}; published at the end {published}, **lost {lost}**, **duplicate publications {duplicateEvents}** (DisclosurePublished per revision), duplicate 'published' status changes {duplicateStatus}; {onDisk} files on the website; {started.Elapsed.TotalSeconds:F0} s");
        output.WriteLine(figures);
        Measurements.Record("Website down during publication", $"{count} approved disclosures", lost == 0 && duplicateEvents == 0 && duplicateStatus == 0 ? "pass" : "FAIL", figures);
        Assert.Equal(0, publishedDuringOutage);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicateEvents);
        Assert.Equal(0, duplicateStatus);
    }

    private static Guid[] Ids(Load load) => [.. load.AcknowledgedSoFar.Select(a => a.SubmissionId).Distinct()];

    private async Task RunAsync(string scenario, string prefix, Func<Task<string>> fault, double triggerFraction = 0.3)
    {
        var deployment = fixture.Deployment;
        var count = Measurements.Submissions;
        var load = new Load(deployment, prefix);
        var started = Stopwatch.StartNew();
        var submitting = load.SubmitAsync(count);

        while (load.Sent < count * triggerFraction && !submitting.IsCompleted)
        {
            await Task.Delay(50);
        }

        var atFault = load.Sent;
        var what = await fault();
        await submitting;
        var outcome = await load.SettleAndCountAsync(Patience, started);
        var crashes = deployment.Services.Values.Sum(s => s.UnexpectedExits);
        var selfRestarts = string.Join(", ", deployment.Services.Values.Where(s => s.SelfRestarts > 0).Select(s => $"{s.Name} {s.SelfRestarts}"));

        var line = $"{what}; fault at {atFault}/{count} acknowledged";
        output.WriteLine($"{scenario}: {line}; {Measurements.Format(outcome)}; unexpected service exits {crashes}; restarted after giving up on the bus: {(selfRestarts.Length == 0 ? "none" : selfRestarts)}");
        Measurements.Record(scenario, $"{count} submissions, 4 concurrent district systems",
            outcome.Lost == 0 && outcome.Duplicates == 0 && outcome.Acknowledged == count ? "pass" : "FAIL",
            $"{line}; {Measurements.Format(outcome)}");

        Assert.Equal(count, outcome.Acknowledged);
        Assert.Equal(0, outcome.Lost);
        Assert.Equal(0, outcome.Duplicates);
        foreach (var service in deployment.Services.Values)
        {
            await service.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }
}
