using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Testing;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>
/// Acceptance 4: Intake as a real process, SIGKILLed right after a successful submit response and started
/// again, loses nothing: the revision is stored and its event is published, once.
/// </summary>
public sealed class CrashRecoveryTests(PostgresDatabaseFixture postgres, RabbitMqVirtualHostFixture rabbitMq)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>
{
    [Fact]
    public async Task Killing_Intake_right_after_a_submit_response_loses_neither_the_revision_nor_its_event()
    {
        await using var probe = await BusProbe.StartAsync(rabbitMq.AmqpUri);
        var port = FreePort();
        using var channel = new GrpcPeerChannel(new Uri($"http://127.0.0.1:{port}"));
        var admin = new IntakeApi(channel.CallInvoker, IntakeFixture.AdminKey);

        Receipt receipt;
        using (var first = StartIntake(port))
        {
            var district = admin.As((await WhenReadyAsync(() => admin.CreateKeyAsync(KeyKind.District, IntakeFixture.Own, "九龙坡区一体化系统"))).Secret);
            receipt = (await district.SubmitAsync(Seeds.Jiulongpo())).Receipt;
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var id = Guid.Parse(receipt.SubmissionId);
        using var second = StartIntake(port);
        try
        {
            var stored = await WhenReadyAsync(() => admin.GetAsync(receipt.SubmissionId, includePackage: true));
            Assert.Equal(receipt, stored.Receipt);
            Assert.Equal(Seeds.Jiulongpo(), stored.Package);

            var submitted = await probe.WaitForAsync<BudgetSubmitted>(e => e.SubmissionId == id);
            Assert.Equal((1, receipt.ContentHash), (submitted.Revision, submitted.ContentHash));

            // Once the outbox row is marked published, nothing can send it again; a redelivery of the same
            // event id (relay killed between publish and mark) is what consumers' inboxes absorb.
            await WhenTrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM intake.outbox_messages WHERE published_at IS NULL") == 0);
            Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM intake.outbox_messages"));
            Assert.Single(probe.Received<BudgetSubmitted>().Where(e => e.SubmissionId == id).Select(e => e.EventId).Distinct());
            Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM intake.revisions"));
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    private Process StartIntake(int port)
    {
        var dll = typeof(IntakeApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BUDGETMESH_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["BUDGETMESH_POSTGRES"] = postgres.ConnectionString;
        start.Environment["BUDGETMESH_RABBITMQ"] = rabbitMq.AmqpUri.ToString();
        start.Environment["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = IntakeFixture.AdminKey;
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        // Drained so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Retries while the freshly started process does not answer yet.</summary>
    private static async Task<T> WhenReadyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.Unauthenticated or StatusCode.Internal or StatusCode.Unknown && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task WhenTrueAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true.");
            await Task.Delay(100);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
