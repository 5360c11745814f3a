using BudgetMesh.Grpc.Health.V1;
using BudgetMesh.Grpc.Reflection.V1;
using BudgetMesh.Grpc.Tests.Infrastructure;
using Google.Protobuf.Reflection;
using ServingStatus = BudgetMesh.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace BudgetMesh.Grpc.Tests.Server;

/// <summary>grpc.health.v1 and server reflection, served by every BudgetMesh server.</summary>
public sealed class StandardServicesTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly ServiceDescriptor Health = HealthReflection.Descriptor.Services[0];

    private static Task<HealthCheckResponse> CheckAsync(GrpcClient client, string service) =>
        client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Health.FindMethodByName("Check"), new HealthCheckRequest { Service = service });

    [Fact]
    public async Task Health_follows_the_readiness_probes()
    {
        using var client = server.CreateClient();
        var probe = TestServer.ProbeService.FullName;
        try
        {
            Assert.Equal(ServingStatus.Serving, (await CheckAsync(client, "")).Status);
            Assert.Equal(ServingStatus.Serving, (await CheckAsync(client, probe)).Status);
            Assert.Equal(ServingStatus.Serving, (await CheckAsync(client, "grpc.testing.TestService")).Status);

            server.Ready = false;
            Assert.Equal(ServingStatus.NotServing, (await CheckAsync(client, probe)).Status);
            Assert.Equal(ServingStatus.NotServing, (await CheckAsync(client, "")).Status);
            Assert.Equal(ServingStatus.Serving, (await CheckAsync(client, "grpc.testing.TestService")).Status);

            var unknown = await Assert.ThrowsAsync<GrpcStatusException>(() => CheckAsync(client, "no.such.Service"));
            Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            server.Ready = true;
        }
    }

    [Fact]
    public async Task Health_watch_streams_changes()
    {
        using var client = server.CreateClient();
        try
        {
            using var watch = client.StartServerStreaming<HealthCheckRequest, HealthCheckResponse>(Health.FindMethodByName("Watch"),
                new HealthCheckRequest { Service = TestServer.ProbeService.FullName }, new CallOptions { Timeout = TimeSpan.FromSeconds(10) });
            await using var updates = watch.ReadAllAsync().GetAsyncEnumerator();
            Assert.True(await updates.MoveNextAsync());
            Assert.Equal(ServingStatus.Serving, updates.Current.Status);
            server.Ready = false;
            Assert.True(await updates.MoveNextAsync());
            Assert.Equal(ServingStatus.NotServing, updates.Current.Status);
            watch.Cancel();
        }
        finally
        {
            server.Ready = true;
        }

        using var unknown = client.StartServerStreaming<HealthCheckRequest, HealthCheckResponse>(Health.FindMethodByName("Watch"),
            new HealthCheckRequest { Service = "no.such.Service" });
        await using var first = unknown.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());
        Assert.Equal(ServingStatus.ServiceUnknown, first.Current.Status);
    }

    [Fact]
    public async Task Reflection_lists_services_and_serves_their_files_with_dependencies()
    {
        using var client = server.CreateClient();
        using var call = client.StartDuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>(
            ReflectionReflection.Descriptor.Services[0].FindMethodByName("ServerReflectionInfo"));
        await using var responses = call.ReadAllAsync().GetAsyncEnumerator();

        async Task<ServerReflectionResponse> Ask(ServerReflectionRequest request)
        {
            await call.WriteAsync(request);
            Assert.True(await responses.MoveNextAsync());
            return responses.Current;
        }

        var list = await Ask(new ServerReflectionRequest { ListServices = "" });
        Assert.Equal(
            ["budgetmesh.grpctests.v1.ProbeService", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.testing.TestService"],
            list.ListServicesResponse.Service.Select(s => s.Name));

        var bySymbol = await Ask(new ServerReflectionRequest { FileContainingSymbol = "budgetmesh.grpctests.v1.EchoRequest" });
        var file = FileDescriptorProto.Parser.ParseFrom(bySymbol.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("budgetmesh/grpctests/v1/probe.proto", file.Name);

        var byName = await Ask(new ServerReflectionRequest { FileByFilename = "grpc/testing/test.proto" });
        Assert.Equal(["grpc/testing/test.proto", "grpc/testing/empty.proto", "grpc/testing/messages.proto"],
            byName.FileDescriptorResponse.FileDescriptorProto.Select(b => FileDescriptorProto.Parser.ParseFrom(b).Name));

        var method = await Ask(new ServerReflectionRequest { FileContainingSymbol = "grpc.testing.TestService.UnaryCall" });
        Assert.Equal("grpc/testing/test.proto", FileDescriptorProto.Parser.ParseFrom(method.FileDescriptorResponse.FileDescriptorProto[0]).Name);

        var missing = await Ask(new ServerReflectionRequest { FileContainingSymbol = "no.Such" });
        Assert.Equal((int)StatusCode.NotFound, missing.ErrorResponse.ErrorCode);

        await call.CompleteRequestAsync();
        Assert.False(await responses.MoveNextAsync());
    }
}
