using System.Security.Cryptography;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Testing.Topology;
using BudgetMesh.Testing;
using Grpc.Core;
using Npgsql;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>
/// The pipeline as a deployment runs it: Intake, the three rule services, Reconciler and Publication as child
/// processes on one database (a schema each) and one virtual host, with an nginx website, the bootstrap admin key
/// and one key per role. Fault tests get servers of their own (<paramref name="privateServers"/>) so that a kill -9
/// of PostgreSQL or RabbitMQ touches nobody else.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public static readonly string[] PipelineServices = ["Intake", "Classification", "ThreePublicExpenses", "PerformanceTargets", "Reconciler", "Publication"];

    private readonly bool _privateServers;
    private readonly Dictionary<string, ServiceProcess> _services = new(StringComparer.Ordinal);
    private string _database = string.Empty;
    private string _virtualHost = string.Empty;

    private Deployment(bool privateServers)
    {
        _privateServers = privateServers;
        LogDirectory = Directory.CreateTempSubdirectory("budgetmesh-reliability-logs-").FullName;
    }

    public PostgresServer Postgres { get; private set; } = null!;

    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public NginxWebsite Website { get; private set; } = null!;

    public string LogDirectory { get; }

    public string AdminKey { get; } = NewKey("reladmin");

    public string OperatorKey { get; private set; } = string.Empty;

    public string ReconcilerKey { get; private set; } = string.Empty;

    public string PublicationKey { get; private set; } = string.Empty;

    /// <summary>A district key per seed district.</summary>
    public Dictionary<string, string> DistrictKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Every key this deployment handed out, for the leak grep.</summary>
    public IEnumerable<string> AllKeys => [AdminKey, OperatorKey, ReconcilerKey, PublicationKey, .. DistrictKeys.Values];

    public string ConnectionString => Postgres.ConnectionStringFor(_database);

    /// <summary>The services' RabbitMQ virtual host.</summary>
    public string VirtualHost => _virtualHost;

    public IReadOnlyDictionary<string, ServiceProcess> Services => _services;

    public ServiceProcess this[string name] => _services[name];

    public static async Task<Deployment> StartAsync(bool privateServers)
    {
        var deployment = new Deployment(privateServers);
        try
        {
            await deployment.StartServersAsync();
            await deployment.StartServicesAsync();
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A channel to <paramref name="service"/> under the project's client policy (deadline, UNAVAILABLE retried within
    /// it), as a district system or operator tool calls it; typed clients are made on its <see cref="GrpcPeerChannel.CallInvoker"/>.
    /// </summary>
    public GrpcPeerChannel Client(string service) => new(_services[service].Address);

    /// <summary>A call carrying <paramref name="key"/> as a bearer key, with a deadline <paramref name="timeout"/> (20 s) from now.</summary>
    public static CallOptions Call(string? key, TimeSpan? timeout = null) => new(
        headers: key is null ? [] : new Metadata { { "authorization", $"Bearer {key}" } },
        deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20)));

    /// <summary>A fresh database connection (no pool: PostgreSQL may have been killed a moment ago).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false };
        await using var db = new NpgsqlConnection(builder.ConnectionString);
        await db.OpenAsync();
#pragma warning disable CA2100 // Test-owned constant SQL.
        await using var command = new NpgsqlCommand(sql, db);
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.Values)
        {
            await service.DisposeAsync();
        }

        if (Website is not null)
        {
            await Website.DisposeAsync();
        }

        if (_privateServers)
        {
            if (RabbitMq is not null)
            {
                await RabbitMq.DisposeAsync();
            }

            if (Postgres is not null)
            {
                await Postgres.DisposeAsync();
            }
        }
        else
        {
            if (RabbitMq is not null && _virtualHost.Length > 0)
            {
                await RabbitMq.DeleteVirtualHostAsync(_virtualHost);
            }

            if (Postgres is not null && _database.Length > 0)
            {
                await Postgres.DropDatabaseAsync(_database);
            }
        }
    }

    private async Task StartServersAsync()
    {
        var postgres = _privateServers ? PostgresServer.StartAsync() : PostgresServer.GetSharedAsync();
        var rabbit = _privateServers ? RabbitMqServer.StartAsync() : RabbitMqServer.GetSharedAsync();
        var website = NginxWebsite.StartAsync();
        Postgres = await postgres;
        RabbitMq = await rabbit;
        Website = await website;
        _database = await Postgres.CreateDatabaseAsync();
        _virtualHost = await RabbitMq.CreateVirtualHostAsync();
    }

    private Dictionary<string, string> Common() => new(StringComparer.Ordinal)
    {
        ["BUDGETMESH_POSTGRES"] = ConnectionString,
        ["BUDGETMESH_RABBITMQ"] = RabbitMq.AmqpUriFor(_virtualHost).ToString(),
        // Information level: the key-leak grep must see what operators would see.
        ["Logging__LogLevel__Default"] = "Information",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // Two shared cores: workstation GC keeps a child's working set a fair picture of what it holds.
        ["DOTNET_gcServer"] = "0",
    };

    private ServiceProcess Add(string name, Dictionary<string, string> extra)
    {
        var environment = Common();
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        var service = new ServiceProcess(name, ServiceBinaries.Dll(name), ServiceProcess.FreePort(), environment, Path.Combine(LogDirectory, name + ".log"));
        _services[name] = service;
        return service;
    }

    private async Task StartServicesAsync()
    {
        var intake = Add("Intake", new() { ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = AdminKey });
        // The rule services check the reconciler's key with Intake.
        var intakeUrl = new Dictionary<string, string> { ["BUDGETMESH_INTAKE_URL"] = intake.Address.ToString() };
        var classification = Add("Classification", intakeUrl);
        var threePublic = Add("ThreePublicExpenses", intakeUrl);
        var performance = Add("PerformanceTargets", intakeUrl);
        // The services migrate their own schemas; starting them one after another keeps two cores responsive.
        await intake.StartAsync();
        await Task.WhenAll(classification.StartAsync(), threePublic.StartAsync(), performance.StartAsync());

        using (var client = Client("Intake"))
        {
            OperatorKey = await CreateKeyAsync(client, KeyKind.Operator, string.Empty, "可靠性测试审核员");
            ReconcilerKey = await CreateKeyAsync(client, KeyKind.Service, string.Empty, "对账服务");
            PublicationKey = await CreateKeyAsync(client, KeyKind.Service, string.Empty, "公开服务");
            foreach (var district in Seeds.Districts())
            {
                DistrictKeys[district] = await CreateKeyAsync(client, KeyKind.District, district, $"{district} 一体化系统");
            }
        }

        var reconciler = Add("Reconciler", new()
        {
            ["BUDGETMESH_INTAKE_URL"] = intake.Address.ToString(),
            ["BUDGETMESH_CLASSIFICATION_URL"] = classification.Address.ToString(),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = threePublic.Address.ToString(),
            ["BUDGETMESH_PERFORMANCE_URL"] = performance.Address.ToString(),
            ["BUDGETMESH_RECONCILER_KEY"] = ReconcilerKey,
            // A restarted peer is noticed within a second instead of after a minute's back-off.
            ["BUDGETMESH_RECONCILER_RETRY_LIMIT"] = "200",
            ["BUDGETMESH_RECONCILER_RETRY_MAX_INTERVAL_MS"] = "500",
        });
        var publication = Add("Publication", new()
        {
            ["BUDGETMESH_INTAKE_URL"] = intake.Address.ToString(),
            ["BUDGETMESH_RECONCILER_URL"] = reconciler.Address.ToString(),
            ["BUDGETMESH_PUBLICATION_KEY"] = PublicationKey,
            ["BUDGETMESH_WEBSITE_URL"] = Website.WriteUrl.ToString(),
            ["BUDGETMESH_WEBSITE_USER"] = Website.Username,
            ["BUDGETMESH_WEBSITE_PASSWORD"] = Website.Password,
            ["BUDGETMESH_PUBLICATION_MAX_RETRY_SECONDS"] = "2",
        });
        await Task.WhenAll(reconciler.StartAsync(), publication.StartAsync());
    }

    private async Task<string> CreateKeyAsync(GrpcPeerChannel intake, KeyKind kind, string district, string name)
    {
        var response = await new KeyService.KeyServiceClient(intake.CallInvoker).CreateKeyAsync(
            new CreateKeyRequest { Kind = kind, DistrictCode = district, Name = name }, Call(AdminKey));
        return response.Secret;
    }

    private static string NewKey(string id)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return $"bm_{id}_{RandomNumberGenerator.GetString(alphabet, 43)}";
    }
}
