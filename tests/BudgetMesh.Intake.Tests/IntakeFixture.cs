using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Intake.Keys;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BudgetMesh.Intake.Tests;

/// <summary>
/// The real Intake app in-process for one test class: its own database and virtual host on the shared
/// servers, a probe on the same broker, and keys for two districts and an operator. Tests of a class share
/// it and keep apart by using their own department codes (<see cref="NewPackage"/>).
/// </summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    public const string Own = "500107";
    public const string Other = "500104";

    /// <summary>The bootstrap admin key every test app starts with.</summary>
    public static readonly string AdminKey = "bm_testadmin_" + new string('A', 43);

    private readonly PostgresDatabaseFixture _postgres = new();
    private readonly RabbitMqVirtualHostFixture _rabbitMq = new();
    private int _department = 100;
    private GrpcPeerChannel? _channel;
    private WebApplication? _app;
    private BusProbe? _probe;

    internal BusProbe Probe => _probe!;

    internal IntakeApi Anonymous => new(_channel!.CallInvoker, null);

    internal IntakeApi Admin => Anonymous.As(AdminKey);

    internal IntakeApi OwnDistrict { get; private set; } = null!;

    internal IntakeApi OtherDistrict { get; private set; } = null!;

    internal IntakeApi Operator { get; private set; } = null!;

    /// <summary>A service key, as the Reconciler and Publication hold.</summary>
    internal IntakeApi Service { get; private set; } = null!;

    internal IntakeApi Revoked { get; private set; } = null!;

    public string ConnectionString => _postgres.ConnectionString;

    /// <summary>Where the in-process app listens.</summary>
    public Uri Address => _app!.GrpcAddress();

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _rabbitMq.InitializeAsync();
        _probe = await BusProbe.StartAsync(_rabbitMq.AmqpUri);
        _app = IntakeApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [GrpcHostingExtensions.PortVariable] = "0",
                [ServiceSettings.PostgresVariable] = _postgres.ConnectionString,
                [ServiceSettings.RabbitMqVariable] = _rabbitMq.AmqpUri.ToString(),
                [BootstrapAdminKey.Variable] = AdminKey,
            });
            // A fresh virtual host has no queues yet: start only once the consumers' queues are bound.
            builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        });
        await _app.StartAsync();
        _channel = new GrpcPeerChannel(_app.GrpcAddress());

        OwnDistrict = Anonymous.As((await Admin.CreateKeyAsync(KeyKind.District, Own, "九龙坡区一体化系统")).Secret);
        OtherDistrict = Anonymous.As((await Admin.CreateKeyAsync(KeyKind.District, Other, "大渡口区一体化系统")).Secret);
        Operator = Anonymous.As((await Admin.CreateKeyAsync(KeyKind.Operator, "", "财政局审核员")).Secret);
        Service = Anonymous.As((await Admin.CreateKeyAsync(KeyKind.Service, "", "校核服务")).Secret);
        var revoked = await Admin.CreateKeyAsync(KeyKind.District, Own, "已停用的系统");
        await Admin.RevokeKeyAsync(revoked.Key.KeyId);
        Revoked = Anonymous.As(revoked.Secret);
    }

    /// <summary>Seed 002 (district 500107) under a department code no other test of the class uses.</summary>
    public BudgetPackage NewPackage()
    {
        var package = Seeds.Jiulongpo();
        package.Header.DepartmentCode = Interlocked.Increment(ref _department).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return package;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls the submission until its latest revision has <paramref name="status"/>.</summary>
    internal async Task WaitForStatusAsync(string submissionId, int revision, SubmissionStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var current = await Operator.GetAsync(submissionId, revision);
            if (current.Receipt.Status == status)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Revision {revision} of {submissionId} did not reach {status}.");
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        await _rabbitMq.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
