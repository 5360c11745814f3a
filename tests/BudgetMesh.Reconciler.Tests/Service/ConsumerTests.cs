using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;
using BudgetMesh.Reconciler.Reports;
using BudgetMesh.Testing;
using MassTransit;
using BudgetMesh.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetMesh.Reconciler.Tests.Service;

/// <summary>The consumer with real PostgreSQL, real RabbitMQ and gRPC peers served in-process.</summary>
public sealed class ConsumerTests(PostgresDatabaseFixture db, RabbitMqVirtualHostFixture bus)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => db.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_same_event_delivered_twice_yields_one_report_and_one_BudgetReconciled()
    {
        var peersPort = PeerStubs.FreePort();
        var classificationPort = PeerStubs.FreePort();
        string? authorization = null;
        await using var peers = await PeerStubs.StartIntakeAndRulesAsync(peersPort, Seeds.Load(Seeds.Dadukou2025), a => authorization = a);
        await using var classification = await PeerStubs.StartClassificationAsync(classificationPort);
        await using var app = await StartReconcilerAsync(peersPort, classificationPort);

        var submitted = Submitted();
        var publisher = app.Services.GetRequiredService<IBus>();
        await publisher.Publish(submitted);
        await publisher.Publish(submitted);

        var store = app.Services.GetRequiredService<ReportStore>();
        await Eventually(async () => await store.CountAsync(submitted.SubmissionId, default) == 1 && await PublishedAsync("budget-reconciled") == 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.CountAsync(submitted.SubmissionId, default));
        Assert.Equal(1, await PublishedAsync("budget-reconciled"));
        Assert.Equal(1, await PublishedAsync("reconciliation-started"));
        Assert.Equal("Bearer bm_test_operator", authorization);

        var report = (await store.FindAsync(submitted.SubmissionId, 0, default))!;
        Assert.Equal("stub-catalog", report.ClassificationCatalogVersion);
        Assert.Contains(report.Results, r => r.RuleId == "C2-NAME-MISMATCH" && r.Owner == "classification");
        Assert.Contains(report.Results, r => r.RuleId == "R13-FUNCTION-CLASS" && r.Outcome == Outcome.Fail);
        Assert.Equal(RuleCatalog.RuleCatalog.Embedded.Version, report.RuleCatalogVersion);

        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ReconcilerService.ReconcilerServiceClient(channel.CallInvoker);
        var operatorCall = Keyed("Bearer bm_test_operator");
        var errors = await client.ListFindingsAsync(
            new ListFindingsRequest { SubmissionId = submitted.SubmissionId.ToString(), Severities = { Severity.Error } }, operatorCall);
        Assert.Equal(report.Summary.Errors, errors.Findings.Count);
        var sarif = await client.ExportReportAsync(
            new ExportReportRequest { SubmissionId = submitted.SubmissionId.ToString(), Format = ExportFormat.Sarif }, operatorCall);
        Assert.Contains("\"version\": \"2.1.0\"", sarif.Content.ToStringUtf8(), StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetReportAsync(
            new GetReportRequest { SubmissionId = Guid.NewGuid().ToString() }, operatorCall).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        // A report is read with a key that may read its submission: Intake decides, the reconciler asks it.
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => client.GetReportAsync(
            new GetReportRequest { SubmissionId = submitted.SubmissionId.ToString() }, new CallOptions()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        foreach (var method in new[] { "GetReport", "ListFindings", "ExportReport" })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => method switch
            {
                "GetReport" => client.GetReportAsync(
                    new GetReportRequest { SubmissionId = submitted.SubmissionId.ToString() }, Keyed(PeerStubs.OtherDistrictAuthorization)).ResponseAsync,
                "ListFindings" => (Task)client.ListFindingsAsync(
                    new ListFindingsRequest { SubmissionId = submitted.SubmissionId.ToString() }, Keyed(PeerStubs.OtherDistrictAuthorization)).ResponseAsync,
                _ => client.ExportReportAsync(
                    new ExportReportRequest { SubmissionId = submitted.SubmissionId.ToString(), Format = ExportFormat.Csv }, Keyed(PeerStubs.OtherDistrictAuthorization)).ResponseAsync,
            });
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
    }

    private static CallOptions Keyed(string authorization) => new(new Metadata { { "authorization", authorization } });

    [Fact]
    public async Task With_classification_stopped_nothing_is_stored_and_the_message_completes_when_it_is_back()
    {
        var peersPort = PeerStubs.FreePort();
        var classificationPort = PeerStubs.FreePort();
        await using var peers = await PeerStubs.StartIntakeAndRulesAsync(peersPort, Seeds.Load(Seeds.Jiulongpo2025), _ => { });
        await using var app = await StartReconcilerAsync(peersPort, classificationPort);

        var submitted = Submitted();
        await app.Services.GetRequiredService<IBus>().Publish(submitted);
        var store = app.Services.GetRequiredService<ReportStore>();
        await Eventually(async () => await PublishedAsync("reconciliation-started") == 1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await store.CountAsync(submitted.SubmissionId, default));
        Assert.Equal(0, await PublishedAsync("budget-reconciled"));

        await using var classification = await PeerStubs.StartClassificationAsync(classificationPort);
        await Eventually(async () => await store.CountAsync(submitted.SubmissionId, default) == 1, TimeSpan.FromSeconds(75));
        await Eventually(async () => await PublishedAsync("budget-reconciled") == 1);
    }

    private static BudgetSubmitted Submitted() =>
        new(Guid.NewGuid(), Guid.NewGuid(), 1, "sha256-test", "500104", "103", "103", 2025, DateTimeOffset.UtcNow);

    private async Task<WebApplication> StartReconcilerAsync(int peersPort, int classificationPort)
    {
        var app = ReconcilerApp.Build([], builder =>
        {
            // Publish only once the consumer's queue is bound, or the first message has nowhere to go.
            builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BUDGETMESH_POSTGRES"] = db.ConnectionString,
            ["BUDGETMESH_RABBITMQ"] = bus.AmqpUri.ToString(),
            ["BUDGETMESH_PORT"] = "0",
            ["BUDGETMESH_INTAKE_URL"] = $"http://127.0.0.1:{peersPort}",
            ["BUDGETMESH_THREE_PUBLIC_URL"] = $"http://127.0.0.1:{peersPort}",
            ["BUDGETMESH_PERFORMANCE_URL"] = $"http://127.0.0.1:{peersPort}",
            ["BUDGETMESH_CLASSIFICATION_URL"] = $"http://127.0.0.1:{classificationPort}",
            ["BUDGETMESH_RECONCILER_KEY"] = "bm_test_operator",
        });
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Events the outbox relay has handed to the broker, by URN fragment.</summary>
    private async Task<long> PublishedAsync(string urnPart)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { SearchPath = "reconciler" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE message_urn LIKE $1 AND published_at IS NOT NULL", connection);
        command.Parameters.AddWithValue($"%{urnPart}%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (PostgresException) when (DateTime.UtcNow < deadline)
            {
                // The schema appears once the app's migration has run.
            }

            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(200);
        }
    }
}
