using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Testing;
using Grpc.Core;

namespace BudgetMesh.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<Deployment>
{
    public const string Name = "deployment";
}

/// <summary>
/// The whole system as `make run` starts it, each service its own process on a free port: Intake, Classification,
/// ThreePublicExpenses, PerformanceTargets, Reconciler, Publication pushing to a real nginx website, the console, and
/// the Aspire Dashboard, which every process exports its traces, metrics and logs to over OTLP/gRPC (the console links
/// to it). One database (a schema per service), one virtual host. The dashboard starts first, so the others know where to export.
/// </summary>
public sealed class Deployment : IAsyncLifetime
{
    private static readonly string AdminKey = "bm_deployadmin_" + new string('D', 43);
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly PostgresDatabaseFixture _postgres = new();
    private readonly RabbitMqVirtualHostFixture _rabbitMq = new();
    private readonly Dictionary<string, string> _districtKeys = new(StringComparer.Ordinal);
    private readonly List<ServiceProcess> _services = [];
    private readonly string _keysDirectory = Directory.CreateTempSubdirectory("bm-e2e-console-keys-").FullName;
    private readonly string _logDirectory = Directory.CreateTempSubdirectory("bm-e2e-logs-").FullName;
    private readonly List<GrpcPeerChannel> _channels = [];
    private IntakeService.IntakeServiceClient? _intakeClient;
    private KeyService.KeyServiceClient? _keyClient;
    private PublicationService.PublicationServiceClient? _publicationClient;
    private ReconcilerService.ReconcilerServiceClient? _reconcilerClient;
    private int _department = 700;

    public NginxWebsite Website { get; private set; } = null!;

    public string OperatorKey { get; private set; } = string.Empty;

    public Uri ConsoleAddress { get; private set; } = null!;

    internal AspireDashboard Dashboard { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_postgres.InitializeAsync(), _rabbitMq.InitializeAsync());
        Website = await NginxWebsite.StartAsync();
        Dashboard = await AspireDashboard.StartAsync(Path.Combine(_logDirectory, "dashboard.log"), StartPatience);

        int intakePort = ServiceProcess.FreePort(), classificationPort = ServiceProcess.FreePort(), threePublicPort = ServiceProcess.FreePort(),
            performancePort = ServiceProcess.FreePort(), reconcilerPort = ServiceProcess.FreePort(), publicationPort = ServiceProcess.FreePort(),
            consolePort = ServiceProcess.FreePort();
        ConsoleAddress = new Uri($"http://127.0.0.1:{Text(consolePort)}");
        var intakeUrl = Url(intakePort);
        var reconcilerUrl = Url(reconcilerPort);
        var threePublicUrl = Url(threePublicPort);

        var console = Start("console", "BudgetMesh.Console", consolePort, new()
        {
            ["BUDGETMESH_INTAKE_URL"] = intakeUrl,
            ["BUDGETMESH_RECONCILER_URL"] = reconcilerUrl,
            ["BUDGETMESH_PUBLICATION_URL"] = Url(publicationPort),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = threePublicUrl,
            ["BUDGETMESH_WEBSITE_URL"] = Website.BaseUrl.ToString(),
            ["BUDGETMESH_CONSOLE_KEYS_DIR"] = _keysDirectory,
            ["BUDGETMESH_DASHBOARD_URL"] = Dashboard.BrowserAddress.ToString(),
            ["BUDGETMESH_DASHBOARD_TOKEN"] = Dashboard.BrowserToken,
        });
        var intake = Start("intake", "BudgetMesh.Intake", intakePort, new() { ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = AdminKey });
        var rules = new[]
        {
            // The rule services check the reconciler's key with Intake.
            Start("classification", "BudgetMesh.Classification", classificationPort, new() { ["BUDGETMESH_INTAKE_URL"] = intakeUrl }),
            Start("three-public-expenses", "BudgetMesh.ThreePublicExpenses", threePublicPort, new() { ["BUDGETMESH_INTAKE_URL"] = intakeUrl }),
            Start("performance", "BudgetMesh.PerformanceTargets", performancePort, new() { ["BUDGETMESH_INTAKE_URL"] = intakeUrl }),
        };

        await Task.WhenAll(console.WaitUntilReadyAsync(StartPatience, http2: false), intake.WaitUntilReadyAsync(StartPatience));
        var intakeChannel = Channel(intake.Address);
        _intakeClient = new IntakeService.IntakeServiceClient(intakeChannel);
        _keyClient = new KeyService.KeyServiceClient(intakeChannel);
        var reconcilerKey = await CreateKeyAsync(KeyKind.Service, string.Empty, "对账服务");
        var publicationKey = await CreateKeyAsync(KeyKind.Service, string.Empty, "发布服务");
        OperatorKey = await CreateKeyAsync(KeyKind.Operator, string.Empty, "全链路测试审核员");
        foreach (var district in Seeds.Districts())
        {
            _districtKeys[district] = await CreateKeyAsync(KeyKind.District, district, $"{district} 一体化系统");
        }

        var reconciler = Start("reconciler", "BudgetMesh.Reconciler", reconcilerPort, new()
        {
            ["BUDGETMESH_INTAKE_URL"] = intakeUrl,
            ["BUDGETMESH_CLASSIFICATION_URL"] = Url(classificationPort),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = threePublicUrl,
            ["BUDGETMESH_PERFORMANCE_URL"] = Url(performancePort),
            ["BUDGETMESH_RECONCILER_KEY"] = reconcilerKey,
        });
        var publication = Start("publication", "BudgetMesh.Publication", publicationPort, new()
        {
            ["BUDGETMESH_INTAKE_URL"] = intakeUrl,
            ["BUDGETMESH_RECONCILER_URL"] = reconcilerUrl,
            ["BUDGETMESH_PUBLICATION_KEY"] = publicationKey,
            ["BUDGETMESH_WEBSITE_URL"] = Website.WriteUrl.ToString(),
            ["BUDGETMESH_WEBSITE_USER"] = Website.Username,
            ["BUDGETMESH_WEBSITE_PASSWORD"] = Website.Password,
            ["BUDGETMESH_PUBLICATION_MAX_RETRY_SECONDS"] = "1",
        });
        await Task.WhenAll([.. rules.Append(reconciler).Append(publication).Select(s => s.WaitUntilReadyAsync(StartPatience))]);
        _publicationClient = new PublicationService.PublicationServiceClient(Channel(publication.Address));
        _reconcilerClient = new ReconcilerService.ReconcilerServiceClient(Channel(reconciler.Address));
    }

    /// <summary>A seed under a department code of its own, so each test's disclosure has its own page.</summary>
    internal BudgetPackage Seed(string prefix)
    {
        var package = Seeds.Load(prefix);
        package.Header.DepartmentCode = Text(Interlocked.Increment(ref _department));
        return package;
    }

    internal async Task<Receipt> SubmitAsync(BudgetPackage package) =>
        (await _intakeClient!.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, Call(_districtKeys[package.Header.DistrictCode]))).Receipt;

    internal async Task<SubmissionStatus> WaitForStatusAsync(string submissionId, Func<SubmissionStatus, bool> reached, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var status = (await _intakeClient!.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId }, Call(OperatorKey))).Receipt.Status;
            if (reached(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{submissionId} is still {status} after {patience}.\n{Logs()}");
            }

            await Task.Delay(100);
        }
    }

    internal Task<ApproveRevisionResponse> ApproveAsync(Receipt receipt, string? overrideReason = null) =>
        _intakeClient!.ApproveRevisionAsync(new ApproveRevisionRequest
        {
            SubmissionId = receipt.SubmissionId,
            Revision = receipt.Revision,
            ContentHash = receipt.ContentHash,
            OverrideReason = overrideReason ?? string.Empty,
            Comment = "全链路测试批准",
        }, Call(OperatorKey)).ResponseAsync;

    internal async Task<Report> ReportAsync(Receipt receipt) =>
        (await _reconcilerClient!.GetReportAsync(
            new GetReportRequest { SubmissionId = receipt.SubmissionId, Revision = receipt.Revision }, Call(OperatorKey))).Report;

    /// <summary>Polls Publication until the submission's publication is published.</summary>
    internal async Task<Contracts.Publication.V1.Publication> WaitUntilPublishedAsync(string submissionId, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        Contracts.Publication.V1.Publication? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = (await _publicationClient!.GetPublicationAsync(
                    new GetPublicationRequest { SubmissionId = submissionId }, Call(OperatorKey))).Publication;
                if (last.State == PublicationState.Published)
                {
                    return last;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{submissionId} was not published within {patience}; last seen: {last}\n{Logs()}");
    }

    /// <summary>The spans the dashboard holds of every trace that touched the submission (a span tagged with its id).</summary>
    internal async Task<IReadOnlyList<Span>> SpansOfSubmissionAsync(string submissionId)
    {
        var spans = await Dashboard.SpansAsync();
        var traces = spans.Where(s => s.SubmissionId == submissionId).Select(s => s.TraceId).ToHashSet(StringComparer.Ordinal);
        return [.. spans.Where(s => traces.Contains(s.TraceId)).OrderBy(s => s.StartNs)];
    }

    /// <summary>Every service's output, for a failure message.</summary>
    internal string Logs() => string.Join("\n", _services.Select(s => $"--- {s.Name} ---\n{s.LogTail()}")) + $"\n--- dashboard ---\n{Dashboard.LogTail()}";

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await Task.WhenAll(_services.Select(StopAsync));
        // The dashboard last, so the others' final exports still find it.
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        if (Website is not null)
        {
            await Website.DisposeAsync();
        }

        await _rabbitMq.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_keysDirectory, recursive: true);
        Directory.Delete(_logDirectory, recursive: true);
    }

    /// <summary>SIGTERM, as a process manager stops a service: it flushes its spans on the way out.</summary>
    private static async Task StopAsync(ServiceProcess service)
    {
        await service.StopAsync(TimeSpan.FromSeconds(15));
        await service.DisposeAsync();
    }

    /// <summary>
    /// Starts the service as its own process from its build output beside the tests, without waiting. Separate processes
    /// matter for tracing: an ActivityListener is process-wide, so services sharing one process would each export every
    /// span under their own service name.
    /// </summary>
    private ServiceProcess Start(string name, string assembly, int port, Dictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: the test project must reference {assembly}.");
        }

        var environment = new Dictionary<string, string>(settings)
        {
            // Quiet log files, but the dashboard gets the structured logs `make run` sends it (Information and up).
            ["Logging__Console__LogLevel__Default"] = "Warning",
            ["DOTNET_NOLOGO"] = "1",
            ["BUDGETMESH_POSTGRES"] = _postgres.ConnectionString,
            ["BUDGETMESH_RABBITMQ"] = _rabbitMq.AmqpUri.ToString(),
        };
        foreach (var (key, value) in Dashboard.ExporterEnvironment)
        {
            environment[key] = value;
        }

        var service = new ServiceProcess(name, dll, port, environment, Path.Combine(_logDirectory, name + ".log"));
        _services.Add(service);
        service.Start();
        return service;
    }

    private async Task<string> CreateKeyAsync(KeyKind kind, string district, string name) =>
        (await _keyClient!.CreateKeyAsync(new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name }, Call(AdminKey))).Secret;

    /// <summary>A channel under the project's client policy, as the CLI and the console call the services.</summary>
    private CallInvoker Channel(Uri address)
    {
        var channel = new GrpcPeerChannel(address);
        _channels.Add(channel);
        return channel.CallInvoker;
    }

    private static CallOptions Call(string key) => new(
        headers: new Metadata { { "authorization", $"Bearer {key}" } },
        deadline: DateTime.UtcNow + TimeSpan.FromSeconds(20));

    private static string Url(int port) => $"http://127.0.0.1:{Text(port)}";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
