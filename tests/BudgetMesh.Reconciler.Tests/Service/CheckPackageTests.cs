using System.Collections.Concurrent;
using BudgetMesh.Callers;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using BudgetMesh.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetMesh.Reconciler.Tests.Service;

/// <summary>
/// CheckPackage: the whole pipeline on a package that is not submitted, with real PostgreSQL and RabbitMQ and the
/// peers served in-process. It answers with the report and leaves no trace: no report, no start, no event, and the
/// 三公 service is given no submission to record figures for.
/// </summary>
public sealed class CheckPackageTests(PostgresDatabaseFixture db, RabbitMqVirtualHostFixture bus)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => db.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_operator_gets_the_whole_report_and_nothing_is_stored_or_published()
    {
        var threePublicRequests = new ConcurrentQueue<CheckThreePublicRequest>();
        var intakeCalls = 0;
        var peersPort = PeerStubs.FreePort();
        var classificationPort = PeerStubs.FreePort();
        await using var peers = await PeerStubs.StartIntakeAndRulesAsync(peersPort, Seeds.Load(Seeds.Dadukou2025), _ => Interlocked.Increment(ref intakeCalls), threePublicRequests.Enqueue);
        await using var classification = await PeerStubs.StartClassificationAsync(classificationPort);
        await using var app = await StartReconcilerAsync(peersPort, classificationPort);
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ReconcilerService.ReconcilerServiceClient(channel.CallInvoker);

        var report = (await client.CheckPackageAsync(
            new CheckPackageRequest { Package = Seeds.Load(Seeds.Dadukou2025) }, FakeCallers.OperatorCall(TimeSpan.FromSeconds(30)))).Report;

        // The whole pipeline ran: a rule service's result, the reconciler's own rules, one summary over all.
        Assert.Contains(report.Results, r => r.RuleId == "C2-NAME-MISMATCH" && r.Owner == "classification");
        Assert.Contains(report.Results, r => r.RuleId == "T1-TOTALS" && r.Owner == "three-public");
        Assert.Contains(report.Results, r => r.RuleId == "P1-COVERAGE" && r.Owner == "performance");
        Assert.Contains(report.Results, r => r.RuleId == "R13-FUNCTION-CLASS" && r.Outcome == Outcome.Fail);
        Assert.Equal(report.Results.SelectMany(r => r.Findings).Count(f => f.Severity == Severity.Error), report.Summary.Errors);
        Assert.Equal("stub-catalog", report.ClassificationCatalogVersion);
        Assert.Equal(string.Empty, report.ReportId);
        Assert.Equal(string.Empty, report.SubmissionId);

        // Nothing was recorded by the 三公 service, fetched from Intake, or written here.
        Assert.Equal(string.Empty, Assert.Single(threePublicRequests).SubmissionId);
        Assert.Equal(0, intakeCalls);
        Assert.Equal(0, await CountAsync("reports"));
        Assert.Equal(0, await CountAsync("reconciliation_starts"));
        Assert.Equal(0, await CountAsync("outbox_messages"));
    }

    [Fact]
    public async Task A_district_key_checks_only_its_own_district_and_a_package_without_a_year_is_refused_by_field()
    {
        var peersPort = PeerStubs.FreePort();
        var classificationPort = PeerStubs.FreePort();
        await using var peers = await PeerStubs.StartIntakeAndRulesAsync(peersPort, Seeds.Load(Seeds.Jiulongpo2025), _ => { });
        await using var classification = await PeerStubs.StartClassificationAsync(classificationPort);
        await using var app = await StartReconcilerAsync(peersPort, classificationPort);
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ReconcilerService.ReconcilerServiceClient(channel.CallInvoker);
        var district = new CallOptions(FakeCallers.Headers(FakeCallers.District), DateTime.UtcNow.AddSeconds(30));
        Task<CheckPackageResponse> Check(Contracts.Budget.V1.BudgetPackage package, CallOptions call) =>
            client.CheckPackageAsync(new CheckPackageRequest { Package = package }, call).ResponseAsync;

        var own = await Check(Seeds.Load(Seeds.Jiulongpo2025), district);
        Assert.NotEmpty(own.Report.Results);

        var other = await Assert.ThrowsAsync<RpcException>(() => Check(Seeds.Load(Seeds.Dadukou2025), district));
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Check(Seeds.Load(Seeds.Jiulongpo2025), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30))));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        var yearless = Seeds.Load(Seeds.Jiulongpo2025);
        yearless.Header.BudgetYear = 0;
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Check(yearless, FakeCallers.OperatorCall(TimeSpan.FromSeconds(30))));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("package.header.budget_year", Assert.Single(invalid.FieldViolations()).Field);
        Assert.Equal(0, await CountAsync("outbox_messages"));

        // A year no catalog covers is the package's problem, said as such: retrying would not help, so not UNAVAILABLE.
        var uncatalogued = Seeds.Load(Seeds.Jiulongpo2025);
        uncatalogued.Header.BudgetYear = PeerStubs.ClassificationStub.YearWithoutCatalog;
        var precondition = await Assert.ThrowsAsync<RpcException>(() => Check(uncatalogued, FakeCallers.OperatorCall(TimeSpan.FromSeconds(30))));
        Assert.Equal(StatusCode.FailedPrecondition, precondition.StatusCode);
        Assert.Contains("分类目录", precondition.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_service_that_is_down_fails_the_check_as_unavailable()
    {
        var peersPort = PeerStubs.FreePort();
        await using var peers = await PeerStubs.StartIntakeAndRulesAsync(peersPort, Seeds.Load(Seeds.Jiulongpo2025), _ => { });
        await using var app = await StartReconcilerAsync(peersPort, PeerStubs.FreePort());
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ReconcilerService.ReconcilerServiceClient(channel.CallInvoker);

        var down = await Assert.ThrowsAsync<RpcException>(() => client.CheckPackageAsync(
            new CheckPackageRequest { Package = Seeds.Load(Seeds.Jiulongpo2025) }, FakeCallers.OperatorCall(TimeSpan.FromSeconds(60))).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
    }

    private async Task<WebApplication> StartReconcilerAsync(int peersPort, int classificationPort)
    {
        var app = ReconcilerApp.Build([], builder =>
        {
            builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
            builder.Services.AddSingleton<ICallerVerifier, FakeCallers>();
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

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { SearchPath = "reconciler" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
