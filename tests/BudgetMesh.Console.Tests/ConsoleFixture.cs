using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Intake;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Console.Tests;

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

/// <summary>
/// Real PostgreSQL and RabbitMQ, the real Intake in-process, canned peers for the services still being built, and
/// the console in-process over real HTTP. Keys: an operator and a district (seed 002's 500107).
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string District = "500107";
    private static readonly string AdminKey = "bm_consoleadmin_" + new string('C', 43);

    private readonly PostgresDatabaseFixture _postgres = new();
    private readonly RabbitMqVirtualHostFixture _rabbitMq = new();
    private int _department = 500;
    private WebApplication? _intake;
    private WebApplication? _console;
    private GrpcPeerChannel? _intakeChannel;
    private IBusControl? _bus;

    internal FakePeers Peers { get; private set; } = null!;

    public string OperatorKey { get; private set; } = "";

    public string DistrictKey { get; private set; } = "";

    public Uri ConsoleAddress => ConsoleApp.Address(_console!);

    public string ConnectionString => _postgres.ConnectionString;

    internal IServiceProvider ConsoleServices => _console!.Services;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _rabbitMq.InitializeAsync();
        Peers = await FakePeers.StartAsync();
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(_rabbitMq.AmqpUri);
            // The fake Publication hears approvals as the real one does (for the submissions that ask for it).
            rabbit.ReceiveEndpoint("console-tests-publication", endpoint => endpoint.Handler<DisclosureApproved>(context => Peers.OnApprovedAsync(context.Message)));
        });
        await _bus.StartAsync();
        Peers.PublishEvent = message => _bus.Publish(message);
        _intake = IntakeApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [GrpcHostingExtensions.PortVariable] = "0",
                [ServiceSettings.PostgresVariable] = _postgres.ConnectionString,
                [ServiceSettings.RabbitMqVariable] = _rabbitMq.AmqpUri.ToString(),
                ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
            });
            builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        });
        await _intake.StartAsync();
        _intakeChannel = new GrpcPeerChannel(_intake.GrpcAddress());
        OperatorKey = (await CreateKeyAsync(KeyKind.Operator, "", "财政局审核员")).Secret;
        DistrictKey = (await CreateKeyAsync(KeyKind.District, District, "九龙坡区一体化系统")).Secret;

        _console = ConsoleApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [GrpcHostingExtensions.PortVariable] = "0",
            [ServiceSettings.PostgresVariable] = _postgres.ConnectionString,
            ["BUDGETMESH_INTAKE_URL"] = _intake.GrpcAddress().ToString(),
            ["BUDGETMESH_RECONCILER_URL"] = Peers.Address.ToString(),
            ["BUDGETMESH_PUBLICATION_URL"] = Peers.Address.ToString(),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = Peers.Address.ToString(),
            ["BUDGETMESH_WEBSITE_URL"] = "http://website.test",
            ["BUDGETMESH_DASHBOARD_URL"] = DashboardAddress.ToString(),
            ["BUDGETMESH_DASHBOARD_TOKEN"] = DashboardToken,
        }));
        await _console.StartAsync();
    }

    /// <summary>Where the console says the Aspire Dashboard is (nothing listens there in these tests), and its browser token.</summary>
    internal static Uri DashboardAddress { get; } = new("http://dashboard.test:18888/");

    internal const string DashboardToken = "dashboard-browser-token";

    internal ConsoleClient NewClient() => new(ConsoleAddress);

    /// <summary>
    /// A second console on the same database whose peers are at <paramref name="peers"/> (BUDGETMESH_*_URL), the
    /// others at this fixture's: for pages and actions while a service is down.
    /// </summary>
    internal async Task<WebApplication> StartConsoleAsync(Dictionary<string, string?> peers)
    {
        var settings = new Dictionary<string, string?>
        {
            [GrpcHostingExtensions.PortVariable] = "0",
            [ServiceSettings.PostgresVariable] = _postgres.ConnectionString,
            ["BUDGETMESH_INTAKE_URL"] = _intake!.GrpcAddress().ToString(),
            ["BUDGETMESH_RECONCILER_URL"] = Peers.Address.ToString(),
            ["BUDGETMESH_PUBLICATION_URL"] = Peers.Address.ToString(),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = Peers.Address.ToString(),
            ["BUDGETMESH_WEBSITE_URL"] = "http://website.test",
        };
        foreach (var (name, value) in peers)
        {
            settings[name] = value;
        }

        var app = ConsoleApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        return app;
    }

    internal Task<CreateKeyResponse> CreateKeyAsync(KeyKind kind, string district, string name) =>
        new KeyService.KeyServiceClient(_intakeChannel!.CallInvoker).CreateKeyAsync(
            new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name }, Options(AdminKey)).ResponseAsync;

    internal Task<GetSubmissionResponse> GetAsync(string submissionId, bool includePackage = false) =>
        Intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId, IncludePackage = includePackage }, Options(OperatorKey)).ResponseAsync;

    /// <summary>Marks the latest revision reviewed and assigns the submission (null leaves it unassigned), as an operator.</summary>
    internal async Task MarkAsync(Receipt receipt, bool reviewed, string? assignee)
    {
        if (reviewed)
        {
            await Intake.MarkReviewedAsync(new MarkReviewedRequest { SubmissionId = receipt.SubmissionId, Revision = receipt.Revision, Reviewed = true }, Options(OperatorKey));
        }

        if (assignee is not null)
        {
            await Intake.AssignSubmissionAsync(new AssignSubmissionRequest { SubmissionId = receipt.SubmissionId, Assignee = assignee }, Options(OperatorKey));
        }
    }

    /// <summary>Seed 002 under a fresh department code, submitted by the district and reconciled (warnings only) with a canned report.</summary>
    internal async Task<Receipt> SubmitReconciledAsync(Action<BudgetPackage>? change = null, string? submissionId = null, int errors = 0)
    {
        var package = Seeds.Jiulongpo();
        package.Header.DepartmentCode = Interlocked.Increment(ref _department).ToString(System.Globalization.CultureInfo.InvariantCulture);
        change?.Invoke(package);
        return await SubmitAndReconcileAsync(package, errors);
    }

    /// <summary>Submits and reconciles with the canned report; with <paramref name="errors"/> &gt; 0 the report counts that many errors.</summary>
    internal async Task<Receipt> SubmitAndReconcileAsync(BudgetPackage package, int errors = 0)
    {
        var receipt = (await Intake.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, Options(DistrictKey))).Receipt;
        var report = CannedReports.For(receipt.SubmissionId, receipt.Revision, receipt.ContentHash, package);
        report.Summary.Errors = errors;
        Peers.Reports[receipt.SubmissionId] = report;
        await _bus!.Publish(new BudgetReconciled(Guid.NewGuid(), Guid.Parse(receipt.SubmissionId), receipt.Revision, receipt.ContentHash, Guid.Parse(report.ReportId),
            report.Summary.Errors, report.Summary.Warnings, report.Summary.Infos, report.Summary.Reviews, DateTimeOffset.UtcNow));
        await WaitForStatusAsync(receipt.SubmissionId, errors > 0 ? SubmissionStatus.ReconciledErrors : SubmissionStatus.ReconciledWarnings);
        return receipt;
    }

    /// <summary>What Publication tells Intake once the website has the page, or once it is gone.</summary>
    internal async Task PublishedAsync(Receipt receipt)
    {
        await _bus!.Publish(new DisclosurePublished(Guid.NewGuid(), Guid.Parse(receipt.SubmissionId), receipt.Revision, receipt.ContentHash, "/p/index.html", DateTimeOffset.UtcNow));
        await WaitForStatusAsync(receipt.SubmissionId, SubmissionStatus.Published);
    }

    internal async Task RetractedAsync(Receipt receipt, string reason)
    {
        await _bus!.Publish(new DisclosureRetracted(Guid.NewGuid(), Guid.Parse(receipt.SubmissionId), receipt.Revision, "财政局审核员", reason, DateTimeOffset.UtcNow));
        await WaitForStatusAsync(receipt.SubmissionId, SubmissionStatus.Retracted);
    }

    internal async Task WaitForStatusAsync(string submissionId, SubmissionStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await GetAsync(submissionId)).Receipt.Status != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{submissionId} did not reach {status}.");
            }

            await Task.Delay(50);
        }
    }

    private IntakeService.IntakeServiceClient Intake => new(_intakeChannel!.CallInvoker);

    private static global::Grpc.Core.CallOptions Options(string key) =>
        new(new global::Grpc.Core.Metadata { { "authorization", $"Bearer {key}" } }, DateTime.UtcNow.AddSeconds(20));

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _console, _intake })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        _intakeChannel?.Dispose();
        if (Peers is not null)
        {
            await Peers.DisposeAsync();
        }

        if (_bus is not null)
        {
            await _bus.StopAsync();
        }

        await _rabbitMq.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
