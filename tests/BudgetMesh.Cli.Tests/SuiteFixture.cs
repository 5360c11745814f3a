using BudgetMesh.Classification;
using BudgetMesh.Cli;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Intake;
using BudgetMesh.PerformanceTargets;
using BudgetMesh.Publication;
using BudgetMesh.Reconciler;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using BudgetMesh.ThreePublicExpenses;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Cli.Tests;

/// <summary>
/// The real suite in-process for one test class: Intake, Classification, ThreePublicExpenses, PerformanceTargets, the
/// Reconciler and Publication (pushing to a real nginx website) on free ports, one database and virtual host, and the
/// keys `make run` makes (admin, reconciler, publication, operator, a district key for 500107 and one for 500104).
/// Commands run through <see cref="RunAsync"/> with the addresses in their environment, as a user's shell would have them.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    public static readonly string AdminKey = "bm_cliadmin_" + new string('C', 43);

    private readonly PostgresDatabaseFixture _postgres = new();
    private readonly RabbitMqVirtualHostFixture _rabbitMq = new();
    private readonly List<WebApplication> _apps = [];
    private NginxWebsite? _website;

    public string OperatorKey { get; private set; } = null!;

    public string Jiulongpo { get; private set; } = null!;

    public string Dadukou { get; private set; } = null!;

    public Uri IntakeAddress { get; private set; } = null!;

    public Uri ReconcilerAddress { get; private set; } = null!;

    public Uri ClassificationAddress { get; private set; } = null!;

    public Uri PublicationAddress { get; private set; } = null!;

    /// <summary>The public website Publication writes to.</summary>
    public NginxWebsite Website => _website ?? throw new InvalidOperationException("The website is not started.");

    /// <summary>A port nothing listens on, for the "server unreachable" cases.</summary>
    public static Uri Nowhere { get; } = new($"http://127.0.0.1:{FreePort()}");

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _rabbitMq.InitializeAsync();
        _website = await NginxWebsite.StartAsync();

        var intake = await StartAsync(IntakeApp.Build, new() { [BootstrapAdminKeyVariable] = AdminKey });
        IntakeAddress = intake.GrpcAddress();
        // The rule services check the reconciler's (and the catalog importer's) key with Intake.
        var rules = await Task.WhenAll(
            StartAsync(ClassificationApp.Build, new() { ["BUDGETMESH_INTAKE_URL"] = IntakeAddress.ToString() }),
            StartAsync(ThreePublicExpensesApp.Build, new() { ["BUDGETMESH_INTAKE_URL"] = IntakeAddress.ToString() }),
            StartAsync(PerformanceTargetsApp.Build, new() { ["BUDGETMESH_INTAKE_URL"] = IntakeAddress.ToString() }));

        OperatorKey = await CreateKeyAsync("operator", null, "审核员");
        Jiulongpo = await CreateKeyAsync("district", "500107", "九龙坡区一体化系统");
        Dadukou = await CreateKeyAsync("district", "500104", "大渡口区一体化系统");
        var reconcilerKey = await CreateKeyAsync("operator", null, "校核服务");
        var publicationKey = await CreateKeyAsync("operator", null, "公开发布服务");
        ClassificationAddress = rules[0].GrpcAddress();

        var reconciler = await StartAsync(ReconcilerApp.Build, new()
        {
            ["BUDGETMESH_RECONCILER_KEY"] = reconcilerKey,
            ["BUDGETMESH_INTAKE_URL"] = IntakeAddress.ToString(),
            ["BUDGETMESH_CLASSIFICATION_URL"] = rules[0].GrpcAddress().ToString(),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = rules[1].GrpcAddress().ToString(),
            ["BUDGETMESH_PERFORMANCE_URL"] = rules[2].GrpcAddress().ToString(),
        });
        ReconcilerAddress = reconciler.GrpcAddress();

        var publication = await StartAsync(PublicationApp.Build, new()
        {
            ["BUDGETMESH_PUBLICATION_KEY"] = publicationKey,
            ["BUDGETMESH_INTAKE_URL"] = IntakeAddress.ToString(),
            ["BUDGETMESH_RECONCILER_URL"] = ReconcilerAddress.ToString(),
            ["BUDGETMESH_WEBSITE_URL"] = Website.WriteUrl.ToString(),
            ["BUDGETMESH_WEBSITE_USER"] = Website.Username,
            ["BUDGETMESH_WEBSITE_PASSWORD"] = Website.Password,
            ["BUDGETMESH_PUBLICATION_MAX_RETRY_SECONDS"] = "1",
        });
        PublicationAddress = publication.GrpcAddress();
    }

    private const string BootstrapAdminKeyVariable = "BUDGETMESH_BOOTSTRAP_ADMIN_KEY";

    private async Task<WebApplication> StartAsync(Func<string[], Action<WebApplicationBuilder>?, WebApplication> build, Dictionary<string, string?> settings)
    {
        var app = build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
            {
                [GrpcHostingExtensions.PortVariable] = "0",
                [ServiceSettings.PostgresVariable] = _postgres.ConnectionString,
                [ServiceSettings.RabbitMqVariable] = _rabbitMq.AmqpUri.ToString(),
            });
            // A fresh virtual host has no queues yet: start only once the consumers' queues are bound.
            builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        });
        await app.StartAsync();
        lock (_apps)
        {
            _apps.Add(app);
        }

        return app;
    }

    private async Task<string> CreateKeyAsync(string kind, string? district, string name)
    {
        string[] args = district is null
            ? ["keys", "create", "--kind", kind, "--name", name, "--key", AdminKey]
            : ["keys", "create", "--kind", kind, "--district", district, "--name", name, "--key", AdminKey];
        var result = await RunAsync(null, args);
        Assert.True(result.Code == ExitCodes.Ok, result.Error);
        return result.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("bm_", StringComparison.Ordinal));
    }

    /// <summary>Runs `budgetmesh ARGS` with the suite's addresses and <paramref name="key"/> in the environment.</summary>
    public async Task<CliResult> RunAsync(string? key, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["BUDGETMESH_INTAKE_URL"] = IntakeAddress.ToString(),
            ["BUDGETMESH_RECONCILER_URL"] = ReconcilerAddress?.ToString(),
            ["BUDGETMESH_PUBLICATION_URL"] = PublicationAddress?.ToString(),
            ["BUDGETMESH_CLASSIFICATION_URL"] = ClassificationAddress?.ToString(),
            ["BUDGETMESH_KEY"] = key,
        };
        var code = await BudgetMeshCli.RunAsync(args, output, error, name => environment.GetValueOrDefault(name));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>What Publication itself says about a submission (the check behind what the CLI printed).</summary>
    public async Task<Contracts.Publication.V1.Publication> GetPublicationAsync(string submissionId) =>
        (await CallAsync(PublicationAddress, invoker => new PublicationService.PublicationServiceClient(invoker),
            (client, options) => client.GetPublicationAsync(new GetPublicationRequest { SubmissionId = submissionId }, options), OperatorKey)).Publication;

    /// <summary>Intake's audit entries of one submission, oldest first (the record behind what the CLI did).</summary>
    public async Task<IReadOnlyList<Contracts.Intake.V1.AuditEntry>> AuditAsync(string submissionId) =>
        (await CallAsync(IntakeAddress, invoker => new Contracts.Intake.V1.IntakeService.IntakeServiceClient(invoker),
            (client, options) => client.ListAuditEntriesAsync(new Contracts.Intake.V1.ListAuditEntriesRequest { SubmissionId = submissionId, PageSize = 200 }, options), OperatorKey)).Entries;

    /// <summary>How many rows a service's table holds (<paramref name="schema"/> is the service's schema).</summary>
    public async Task<long> CountRowsAsync(string schema, string table)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {schema}.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The catalog the Classification service has in force for a year.</summary>
    public Task<DescribeCatalogResponse> DescribeCatalogAsync(int year) =>
        CallAsync(ClassificationAddress, invoker => new ClassificationService.ClassificationServiceClient(invoker),
            (client, options) => client.DescribeCatalogAsync(new DescribeCatalogRequest { BudgetYear = year }, options), null);

    public Task<LookupCodeResponse> LookupCodeAsync(int year, string code) =>
        CallAsync(ClassificationAddress, invoker => new ClassificationService.ClassificationServiceClient(invoker),
            (client, options) => client.LookupCodeAsync(new LookupCodeRequest { BudgetYear = year, Scheme = Scheme.Function, Code = code }, options), null);

    private static async Task<TResponse> CallAsync<TClient, TResponse>(Uri address, Func<global::Grpc.Core.CallInvoker, TClient> client,
        Func<TClient, global::Grpc.Core.CallOptions, global::Grpc.Core.AsyncUnaryCall<TResponse>> call, string? key)
    {
        using var channel = new GrpcPeerChannel(address);
        var headers = new global::Grpc.Core.Metadata();
        if (key is not null)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        return await call(client(channel.CallInvoker), new global::Grpc.Core.CallOptions(headers, DateTime.UtcNow.AddSeconds(20)));
    }

    public async Task DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            await _apps[i].StopAsync();
            await _apps[i].DisposeAsync();
        }

        if (_website is not null)
        {
            await _website.DisposeAsync();
        }

        await _rabbitMq.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What a command printed and returned.</summary>
public sealed record CliResult(int Code, string Output, string Error)
{
    public override string ToString() => $"exit {Code}\n--- out\n{Output}\n--- err\n{Error}";
}
