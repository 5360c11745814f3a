using BudgetMesh.Callers;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.ThreePublicExpenses.Tests;

/// <summary>
/// The real service in-process, called over the real gRPC path, with real PostgreSQL and RabbitMQ: checked
/// revisions are recorded, bus events decide which count, and the district view answers from them.
/// </summary>
public sealed class ServiceIntegrationTests(PostgresDatabaseFixture postgres, RabbitMqVirtualHostFixture rabbitMq)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    private const string District = "500107";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Approval = new(2025, 1, 20, 10, 0, 0, TimeSpan.FromHours(8));

    public Task InitializeAsync() => postgres.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_district_view_answers_totals_ranking_and_year_on_year_from_approved_and_published_revisions_only()
    {
        await using var app = ThreePublicExpensesApp.Build([], Configure);
        await app.StartAsync();
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ThreePublicExpensesService.ThreePublicExpensesServiceClient(channel.CallInvoker);
        var bus = app.Services.GetRequiredService<IBus>();

        // 2024: 区政府办 (102) spent 30 on vehicles, 政务办 (128) 5.5; both approved.
        var office2024 = Guid.NewGuid();
        var services2024 = Guid.NewGuid();
        await CheckAsync(client, WithYear(Seeds.Package(Seeds.Jiulongpo2025), 2024, total: "30.00"), office2024, 1, "102", "重庆市九龙坡区人民政府办公室");
        await CheckAsync(client, WithYear(Seeds.Package(Seeds.Zhengwuban2023), 2024), services2024, 1, "128", "重庆市九龙坡区政务服务管理办公室");
        await ApproveAsync(bus, office2024, 1, Approval.AddYears(-1));
        await ApproveAsync(bus, services2024, 1, Approval.AddYears(-1));
        await WaitForAsync(client, 2024, view => view.Departments.Count == 2);

        // 2025: 102 as printed; its narrative's "比2024年减少12万元" now checks against the recorded 2024 figures.
        var office = Guid.NewGuid();
        var office2025 = await CheckAsync(client, Seeds.Package(Seeds.Jiulongpo2025), office, 1, "102", "重庆市九龙坡区人民政府办公室");
        Assert.All(office2025.Results, r => Assert.Equal(Outcome.Pass, r.Outcome));
        Assert.True(office2025.Recorded);
        Assert.Equal("18.00", office2025.RecordedFigures.Total);

        // 103 (seed 001 filed under this district): revision 1 approved (its table prints the 2024 column),
        // revision 2 reconciled later but never approved, so revision 1 keeps counting.
        var general = Guid.NewGuid();
        var generalPackage = Seeds.Package(Seeds.Dadukou2025);
        generalPackage.Tables.Sg.PriorYear = new ThreePublicFigures { Total = "26.80", VehiclesSubtotal = "24.00", VehicleOperation = "24.00", Reception = "2.80" };
        await CheckAsync(client, generalPackage, general, 1, "103", "重庆市大渡口区人民政府办公室");
        var revised = generalPackage.Clone();
        revised.Tables.Sg.CurrentYear.Reception = "8.20";
        revised.Tables.Sg.CurrentYear.Total = "35.70";
        var revisedResponse = await CheckAsync(client, revised, general, 2, "103", "重庆市大渡口区人民政府办公室");
        Assert.Equal(Outcome.Fail, revisedResponse.Results.Single(r => r.RuleId == "T3-NAR-SG").Outcome);

        // 128 in 2025 in yuan: 55,000 元 recorded as 5.5 万元.
        var services = Guid.NewGuid();
        var servicesPackage = WithYear(Seeds.Package(Seeds.Zhengwuban2023), 2025);
        servicesPackage.Tables.Sg.Meta.Unit = BudgetMesh.Contracts.Budget.V1.AmountUnit.Yuan;
        servicesPackage.Tables.Sg.CurrentYear = new ThreePublicFigures { Total = "55000.00", VehiclesSubtotal = "45000.00", VehicleOperation = "45000.00", Reception = "10000.00" };
        await CheckAsync(client, servicesPackage, services, 1, "128", "重庆市九龙坡区政务服务管理办公室");

        // 104 is checked but never reconciled; 105 is reconciled and waits for a decision: neither counts.
        var unchecked104 = Guid.NewGuid();
        await CheckAsync(client, Seeds.Package(Seeds.Jiulongpo2025), unchecked104, 1, "104", "待核对部门");
        var waiting = Guid.NewGuid();
        await CheckAsync(client, Seeds.Package(Seeds.Jiulongpo2025), waiting, 1, "105", "待审核部门");
        await ReconcileAsync(bus, waiting, 1);

        // 106 was approved and published, then retracted from the website; 107 was approved, then returned.
        var retracted = Guid.NewGuid();
        await CheckAsync(client, Seeds.Package(Seeds.Jiulongpo2025), retracted, 1, "106", "已撤回部门");
        await ApproveAsync(bus, retracted, 1, Approval);
        await bus.Publish(new DisclosurePublished(Guid.NewGuid(), retracted, 1, "hash-106", "/500107/2025/106/", Approval.AddSeconds(2)));
        await bus.Publish(new DisclosureRetracted(Guid.NewGuid(), retracted, 1, "operator", "数据有误", Approval.AddHours(2)));
        var returned = Guid.NewGuid();
        await CheckAsync(client, Seeds.Package(Seeds.Jiulongpo2025), returned, 1, "107", "已退回部门");
        await ApproveAsync(bus, returned, 1, Approval);
        await bus.Publish(new DisclosureReturned(Guid.NewGuid(), returned, 1, "operator", "请更正附件7", Approval.AddHours(1)));

        await ReconcileAsync(bus, office, 1);
        await ApproveAsync(bus, office, 1, Approval);
        await bus.Publish(new DisclosurePublished(Guid.NewGuid(), office, 1, "hash-102", "/500107/2025/102/", Approval.AddSeconds(2)));
        await ReconcileAsync(bus, general, 1);
        var approved = new DisclosureApproved(Guid.NewGuid(), general, 1, "hash-1", "operator", null, Approval);
        await bus.Publish(approved);
        await bus.Publish(approved); // redelivered: the inbox applies it once
        await ReconcileAsync(bus, general, 2, Approval.AddHours(1));
        await ReconcileAsync(bus, services, 1);
        await ApproveAsync(bus, services, 1, Approval);

        var view = await WaitForAsync(client, 2025, v => v.Departments.Count == 3 && v.Uncounted.Count == 4
            && v.Departments.Any(d => d.State == CountedState.Published)
            && v.Uncounted.Any(u => u.Standing == RevisionStanding.Retracted) && v.Uncounted.Any(u => u.Standing == RevisionStanding.Returned)
            && v.Departments.Single(d => d.DepartmentCode == "103").Revision == 1);

        Assert.Equal(["103", "102", "128"], view.Departments.Select(d => d.DepartmentCode));
        Assert.Equal([1, 2, 3], view.Departments.Select(d => d.Rank));
        var general2025 = view.Departments[0];
        Assert.Equal(("29.70", "26.80", "2.90", PriorYearSource.Table, CountedState.Approved, general.ToString()), (general2025.Figures.Total, general2025.PriorYearTotal, general2025.Change, general2025.PriorYearSource, general2025.State, general2025.SubmissionId));
        var office2025View = view.Departments[1];
        Assert.Equal(("18.00", "30.00", "-12.00", PriorYearSource.Recorded, CountedState.Published), (office2025View.Figures.Total, office2025View.PriorYearTotal, office2025View.Change, office2025View.PriorYearSource, office2025View.State));
        Assert.Equal(("5.50", "5.50", "0.00"), (view.Departments[2].Figures.Total, view.Departments[2].PriorYearTotal, view.Departments[2].Change));
        Assert.Equal(("53.20", "3.20", "50.00", "0.00"), (view.Totals.Total, view.Totals.Reception, view.Totals.VehicleOperation, view.Totals.OutboundTravel));
        Assert.Equal(("62.30", "-9.10"), (view.PriorYearTotal, view.Change));
        // The retracted and the returned unit are listed with their standing, outside the totals.
        Assert.Equal(
            [("104", RevisionStanding.Checked), ("105", RevisionStanding.Reconciled), ("106", RevisionStanding.Retracted), ("107", RevisionStanding.Returned)],
            view.Uncounted.Select(u => (u.DepartmentCode, u.Standing)));
        Assert.Equal(retracted.ToString(), view.Uncounted[2].SubmissionId);

        var history = await client.GetDepartmentHistoryAsync(new GetDepartmentHistoryRequest { DistrictCode = District, DepartmentCode = "102" }, Deadline).ResponseAsync;
        Assert.Equal([2024, 2025], history.Years.Select(y => y.BudgetYear));
        Assert.Equal(["30.00", "18.00"], history.Years.Select(y => y.Figures.Total));

        await app.StopAsync();
    }

    [Fact]
    public async Task Departments_that_print_no_code_are_recorded_under_their_printed_names_and_never_merge()
    {
        await using var app = ThreePublicExpensesApp.Build([], Configure);
        await app.StartAsync();
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ThreePublicExpensesService.ThreePublicExpensesServiceClient(channel.CallInvoker);
        var bus = app.Services.GetRequiredService<IBus>();

        // Shanghai documents print no department or unit code; Intake accepts them by name (its SubmissionKey).
        var justice = Guid.NewGuid();
        var office = Guid.NewGuid();
        var justiceResponse = await CheckAsync(client, Corpus.Load(Corpus.PutuoJustice2026), justice, 1, string.Empty, "上海市普陀区司法局");
        await CheckAsync(client, WithYear(Corpus.Load(Corpus.PutuoGovOffice2025), 2026), office, 1, string.Empty, "上海市普陀区人民政府办公室");
        Assert.True(justiceResponse.Recorded);
        await ApproveAsync(bus, justice, 1, Approval);
        await ApproveAsync(bus, office, 1, Approval);

        var view = await WaitForAsync(client, 2026, v => v.Departments.Count == 2);
        Assert.Equal(["name:上海市普陀区人民政府办公室", "name:上海市普陀区司法局"], view.Departments.Select(d => d.DepartmentCode).Order(StringComparer.Ordinal));
        var history = await client.GetDepartmentHistoryAsync(new GetDepartmentHistoryRequest { DistrictCode = District, DepartmentCode = "name:上海市普陀区司法局" }, Deadline).ResponseAsync;
        Assert.Equal(justiceResponse.RecordedFigures.Total, Assert.Single(history.Years).Figures.Total);
    }

    [Fact]
    public async Task Invalid_requests_get_field_violations_and_an_unknown_department_gets_not_found()
    {
        await using var app = ThreePublicExpensesApp.Build([], Configure);
        await app.StartAsync();
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ThreePublicExpensesService.ThreePublicExpensesServiceClient(channel.CallInvoker);

        var request = Seeds.Request(Seeds.Package(Seeds.Dadukou2025));
        request.SubmissionId = "not-a-uuid";
        request.Revision = 1;
        request.DistrictCode = "5001";
        request.DepartmentCode = "103";
        request.DepartmentName = "重庆市大渡口区人民政府办公室";
        request.UnitCode = "103";
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.CheckThreePublicAsync(request, Deadline).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["submission_id", "district_code"], invalid.FieldViolations().Select(v => v.Field));

        var notFound = await Assert.ThrowsAsync<RpcException>(() => client.GetDepartmentHistoryAsync(new GetDepartmentHistoryRequest { DistrictCode = District, DepartmentCode = "999" }, Deadline).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);

        // Without identity the rules run and nothing is recorded.
        var anonymous = await client.CheckThreePublicAsync(Seeds.Request(Seeds.Package(Seeds.Dadukou2025)), Deadline).ResponseAsync;
        Assert.False(anonymous.Recorded);
        Assert.Equal(5, anonymous.Results.Count);
        Assert.All(anonymous.Results, r => Assert.Equal("three-public", r.Owner));
        await app.StopAsync();
    }

    [Fact]
    public async Task Checking_takes_an_operator_key_and_the_district_view_an_operator_or_that_districts_own_key()
    {
        await using var app = ThreePublicExpensesApp.Build([], Configure);
        await app.StartAsync();
        using var channel = new GrpcPeerChannel(app.GrpcAddress());
        var client = new ThreePublicExpensesService.ThreePublicExpensesServiceClient(channel.CallInvoker);
        CallOptions As(string? key) => new(FakeCallers.Headers(key), DateTime.UtcNow.AddSeconds(10));
        async Task<StatusCode> StatusOf(Func<Task> call)
        {
            try
            {
                await call();
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }

        Task Check(string? key) => client.CheckThreePublicAsync(Seeds.Request(Seeds.Package(Seeds.Dadukou2025)), As(key)).ResponseAsync;
        Task View(string? key, string district) => client.GetDistrictViewAsync(new GetDistrictViewRequest { DistrictCode = district, BudgetYear = 2025 }, As(key)).ResponseAsync;
        Task History(string? key, string district) => client.GetDepartmentHistoryAsync(new GetDepartmentHistoryRequest { DistrictCode = district, DepartmentCode = "999" }, As(key)).ResponseAsync;

        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => Check(null)));
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => Check("bm_nobody_ZZZZZZZZZZZZZZZZZZZZ")));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => Check(FakeCallers.District)));
        Assert.Equal(StatusCode.OK, await StatusOf(() => Check(FakeCallers.Operator)));

        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => View(null, FakeCallers.DistrictCode)));
        Assert.Equal(StatusCode.OK, await StatusOf(() => View(FakeCallers.District, FakeCallers.DistrictCode)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => View(FakeCallers.District, "500104")));
        Assert.Equal(StatusCode.OK, await StatusOf(() => View(FakeCallers.Operator, "500104")));
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => History(null, FakeCallers.DistrictCode)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => History(FakeCallers.District, "500104")));
        Assert.Equal(StatusCode.NotFound, await StatusOf(() => History(FakeCallers.District, FakeCallers.DistrictCode)));
        await app.StopAsync();
    }

    private static CallOptions Deadline => FakeCallers.OperatorCall(TimeSpan.FromSeconds(10));


    private void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [GrpcHostingExtensions.PortVariable] = "0",
            [ServiceSettings.PostgresVariable] = postgres.ConnectionString,
            [ServiceSettings.RabbitMqVariable] = rabbitMq.AmqpUri.ToString(),
        });

        builder.Services.AddSingleton<ICallerVerifier, FakeCallers>();

        // A fresh virtual host has no queues yet: start only once the consumers' queues are bound.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
    }

    private static BudgetPackage WithYear(BudgetPackage package, int year, string? total = null)
    {
        package.Header.BudgetYear = year;
        if (total is not null)
        {
            package.Tables.Sg.CurrentYear.Total = total;
            package.Tables.Sg.CurrentYear.VehiclesSubtotal = total;
            package.Tables.Sg.CurrentYear.VehicleOperation = total;
        }

        return package;
    }

    private static async Task<CheckThreePublicResponse> CheckAsync(ThreePublicExpensesService.ThreePublicExpensesServiceClient client, BudgetPackage package, Guid submission, int revision, string department, string name)
    {
        var request = Seeds.Request(package);
        request.SubmissionId = submission.ToString();
        request.Revision = revision;
        request.DistrictCode = District;
        request.DepartmentCode = department;
        request.DepartmentName = name;
        request.UnitCode = department.Length > 0 ? department + "001" : string.Empty;
        return await client.CheckThreePublicAsync(request, Deadline).ResponseAsync;
    }

    private static Task ApproveAsync(IBus bus, Guid submission, int revision, DateTimeOffset at) =>
        bus.Publish(new DisclosureApproved(Guid.NewGuid(), submission, revision, $"hash-{submission}", "operator", null, at));

    private static Task ReconcileAsync(IBus bus, Guid submission, int revision, DateTimeOffset? at = null) =>
        bus.Publish(new BudgetReconciled(Guid.NewGuid(), submission, revision, $"hash-{revision}", Guid.NewGuid(), 0, 0, 0, 0, at ?? Approval.AddHours(-1)));

    private static async Task<GetDistrictViewResponse> WaitForAsync(ThreePublicExpensesService.ThreePublicExpensesServiceClient client, int year, Func<GetDistrictViewResponse, bool> ready)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var view = await client.GetDistrictViewAsync(new GetDistrictViewRequest { DistrictCode = District, BudgetYear = year }, Deadline).ResponseAsync;
            if (ready(view))
            {
                return view;
            }

            Assert.False(patience.IsCancellationRequested, $"The district view of {year} never got there: {view}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
