using System.Net;
using System.Net.Sockets;
using BudgetMesh.Classification;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Intake;
using BudgetMesh.PerformanceTargets;
using BudgetMesh.Reconciler;
using BudgetMesh.Reconciler.Consumers;
using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using BudgetMesh.ThreePublicExpenses;
using Google.Protobuf;
using Grpc.Core;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// The five services in-process, each on a free port, against one database (each owns its schema) and one
/// virtual host, wired as a deployment wires them: peer URLs, the bootstrap admin key, an operator key for the
/// reconciler and a district key per seed district. Classification listens on a port fixed at start-up, so it
/// can be stopped and started again behind the reconciler's configured URL.
/// </summary>
public sealed class Suite : IAsyncLifetime
{
    private static readonly string AdminKey = "bm_e2eadmin_" + new string('A', 43);

    private readonly PostgresDatabaseFixture _postgres = new();
    private readonly RabbitMqVirtualHostFixture _rabbitMq = new();
    private readonly Dictionary<string, string> _districtKeys = new(StringComparer.Ordinal);
    private readonly int _classificationPort = FreePort();
    private WebApplication? _classification;
    private WebApplication? _threePublic;
    private WebApplication? _performance;
    private WebApplication? _intake;
    private WebApplication? _reconciler;
    private GrpcPeerChannel? _intakeChannel;
    private GrpcPeerChannel? _reconcilerChannel;
    private IntakeService.IntakeServiceClient? _intakeClient;
    private ReconcilerService.ReconcilerServiceClient? _reconcilerClient;
    private string _operatorKey = string.Empty;

    internal BusProbe Probe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _rabbitMq.InitializeAsync();
        Probe = await BusProbe.StartAsync(_rabbitMq.AmqpUri);

        _intake = await StartAsync(IntakeApp.Build, new() { ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = AdminKey });
        _intakeChannel = new GrpcPeerChannel(_intake.GrpcAddress());
        _intakeClient = new IntakeService.IntakeServiceClient(_intakeChannel.CallInvoker);
        // The rule services check the reconciler's key with Intake.
        var rules = Task.WhenAll(
            StartClassificationAsync(),
            Task.Run(async () => _threePublic = await StartAsync(ThreePublicExpensesApp.Build, IntakeUrl())),
            Task.Run(async () => _performance = await StartAsync(PerformanceTargetsApp.Build, IntakeUrl())));

        var reconcilerKey = await CreateKeyAsync(KeyKind.Service, string.Empty, "对账服务");
        _operatorKey = await CreateKeyAsync(KeyKind.Operator, string.Empty, "端到端测试审核员");
        foreach (var district in Seeds.Districts().Concat(Corpus.Districts()).Distinct())
        {
            _districtKeys[district] = await CreateKeyAsync(KeyKind.District, district, $"{district} 一体化系统");
        }

        await rules;
        _reconciler = await StartAsync(ReconcilerApp.Build, new()
        {
            ["BUDGETMESH_INTAKE_URL"] = _intake.GrpcAddress().ToString(),
            ["BUDGETMESH_CLASSIFICATION_URL"] = $"http://127.0.0.1:{_classificationPort}",
            ["BUDGETMESH_THREE_PUBLIC_URL"] = _threePublic!.GrpcAddress().ToString(),
            ["BUDGETMESH_PERFORMANCE_URL"] = _performance!.GrpcAddress().ToString(),
            [PeerOptions.KeyVariable] = reconcilerKey,
            // A restarted peer is noticed within a second instead of after a minute's back-off.
            [ReconcileRetryOptions.LimitVariable] = "200",
            [ReconcileRetryOptions.MaxIntervalVariable] = "500",
        });
        _reconcilerChannel = new GrpcPeerChannel(_reconciler.GrpcAddress());
        _reconcilerClient = new ReconcilerService.ReconcilerServiceClient(_reconcilerChannel.CallInvoker);
    }

    /// <summary>Starts Classification on its fixed port (again, after <see cref="StopClassificationAsync"/>).</summary>
    internal async Task StartClassificationAsync()
    {
        var settings = IntakeUrl();
        settings[GrpcHostingExtensions.PortVariable] = _classificationPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _classification = await StartAsync(ClassificationApp.Build, settings);
    }

    private Dictionary<string, string?> IntakeUrl() => new() { ["BUDGETMESH_INTAKE_URL"] = _intake!.GrpcAddress().ToString() };

    internal async Task StopClassificationAsync()
    {
        if (_classification is { } app)
        {
            _classification = null;
            await StopAsync(app);
        }
    }

    /// <summary>Submits a package as its own district's system.</summary>
    internal async Task<Receipt> SubmitAsync(BudgetPackage package)
    {
        var response = await _intakeClient!.SubmitPackageAsync(
            new SubmitPackageRequest { Package = package }, Call(_districtKeys[package.Header.DistrictCode]));
        return response.Receipt;
    }

    /// <summary>Follows the revision's status stream until it is reconciled, and returns that status.</summary>
    internal async Task<SubmissionStatus> WatchUntilReconciledAsync(string submissionId, int revision, TimeSpan patience)
    {
        using var cancel = new CancellationTokenSource(patience);
        using var watch = _intakeClient!.WatchSubmission(
            new WatchSubmissionRequest { SubmissionId = submissionId, Revision = revision }, Call(_operatorKey, patience, cancel.Token));
        await foreach (var change in watch.ResponseStream.ReadAllAsync(cancel.Token))
        {
            if (change.Change.Status is SubmissionStatus.ReconciledClean or SubmissionStatus.ReconciledWarnings or SubmissionStatus.ReconciledErrors)
            {
                return change.Change.Status;
            }
        }

        throw new InvalidOperationException($"The status stream of {submissionId} ended before the revision was reconciled.");
    }

    internal async Task<SubmissionStatus> StatusAsync(string submissionId, int revision)
    {
        var response = await _intakeClient!.GetSubmissionAsync(
            new GetSubmissionRequest { SubmissionId = submissionId, Revision = revision }, Call(_operatorKey));
        return response.Receipt.Status;
    }

    internal async Task<Report> ReportAsync(string submissionId, int revision)
    {
        var response = await _reconcilerClient!.GetReportAsync(
            new GetReportRequest { SubmissionId = submissionId, Revision = revision }, Call(_operatorKey));
        return response.Report;
    }

    /// <summary>Report rows of a submission in the reconciler's own table (0 before its schema exists).</summary>
    internal Task<long> StoredReportsAsync(Guid submissionId) =>
        ReconcilerCountAsync("SELECT count(*) FROM reports WHERE submission_id = $1", submissionId);

    /// <summary>BudgetReconciled events the reconciler wrote to its outbox for a submission.</summary>
    internal Task<long> OutboxReconciledAsync(Guid submissionId) =>
        ReconcilerCountAsync("SELECT count(*) FROM outbox_messages WHERE message_urn LIKE '%budget-reconciled%' AND (payload->>'submissionId')::uuid = $1", submissionId);

    public async Task DisposeAsync()
    {
        _intakeChannel?.Dispose();
        _reconcilerChannel?.Dispose();
        foreach (var app in new[] { _reconciler, _intake, _performance, _threePublic, _classification })
        {
            if (app is not null)
            {
                await StopAsync(app);
            }
        }

        if (Probe is not null)
        {
            await Probe.DisposeAsync();
        }

        await _rabbitMq.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private async Task<long> ReconcilerCountAsync(string sql, Guid submissionId)
    {
        var connection = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { SearchPath = "reconciler" };
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue(submissionId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> CreateKeyAsync(KeyKind kind, string district, string name)
    {
        var response = await new KeyService.KeyServiceClient(_intakeChannel!.CallInvoker).CreateKeyAsync(
            new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name }, Call(AdminKey));
        return response.Secret;
    }

    private async Task<WebApplication> StartAsync(Func<string[], Action<WebApplicationBuilder>?, WebApplication> build, Dictionary<string, string?> settings)
    {
        var app = build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [GrpcHostingExtensions.PortVariable] = "0",
                [ServiceSettings.PostgresVariable] = _postgres.ConnectionString,
                [ServiceSettings.RabbitMqVariable] = _rabbitMq.AmqpUri.ToString(),
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Configuration.AddInMemoryCollection(settings);
            // A fresh virtual host has no queues: a service counts as started once its consumers' queues are bound.
            builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static CallOptions Call(string key, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => new(
        headers: new Metadata { { "authorization", $"Bearer {key}" } },
        deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20)),
        cancellationToken: cancellationToken);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
