using System.Text;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using ReflectionV1 = Grpc.Reflection.V1;
using ReflectionV1Alpha = Grpc.Reflection.V1Alpha;

namespace BudgetMesh.ServiceDefaults.Tests.Grpc;

/// <summary>What AddGrpcServer and MapRpcService give every service: declared callers, bounded statuses, health, reflection.</summary>
public sealed class GrpcServerTests
{
    private const string ServiceName = "budgetmesh.performance.v1.PerformanceTargetsService";
    private static readonly CallOptions Deadline = new(deadline: DateTime.UtcNow.AddMinutes(1));

    [Fact]
    public async Task A_service_with_an_rpc_that_declares_no_callers_does_not_start()
    {
        Assert.Equal([ServiceName + "/CheckTargets"], GrpcServiceMapping.UndeclaredRpcs(typeof(UndeclaredService)));
        Assert.Empty(GrpcServiceMapping.UndeclaredRpcs(typeof(DeclaredService)));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcServerHost.StartAsync(app => app.MapRpcService<UndeclaredService>()));
        Assert.Contains("CheckTargets", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undeclared_rpc_mapped_around_the_check_is_still_refused_before_its_method_runs()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapGrpcService<UndeclaredService>());
        var client = new PerformanceTargetsService.PerformanceTargetsServiceClient(host.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.CheckTargetsAsync(new CheckTargetsRequest(), Deadline).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(CallerPolicyInterceptor.Undeclared, refused.Status.Detail);
    }

    [Fact]
    public async Task Field_violations_arrive_as_google_rpc_status_details_bounded_in_size_with_the_message_cut()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapRpcService<DeclaredService>());
        var client = new PerformanceTargetsService.PerformanceTargetsServiceClient(host.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.CheckTargetsAsync(new CheckTargetsRequest { ProjectExpenditureTotal = "huge-violations" }, Deadline).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.True(Encoding.UTF8.GetByteCount(refused.Status.Detail) <= StatusLimits.MaxMessageBytes, refused.Status.Detail.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("…", refused.Status.Detail, StringComparison.Ordinal);
        var status = refused.GetRpcStatus() ?? throw new InvalidOperationException("no grpc-status-details-bin");
        Assert.True(status.CalculateSize() <= StatusLimits.MaxDetailsBytes);
        var violations = status.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Equal("projects[0].name", violations[0].Field);
        Assert.InRange(violations.Count, 10, DeclaredService.ManyViolations - 1);
        Assert.Matches(@"^另有\d+项未列出$", violations[^1].Description);
    }

    [Fact]
    public async Task A_peers_status_let_through_keeps_its_code_message_and_details_within_the_limits()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapRpcService<DeclaredService>());
        var client = new PerformanceTargetsService.PerformanceTargetsServiceClient(host.Channel);

        var precondition = await Assert.ThrowsAsync<RpcException>(() => client.CheckTargetsAsync(
            new CheckTargetsRequest { ProjectExpenditureTotal = DeclaredService.RelayPrefix + "precondition" }, Deadline).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, precondition.StatusCode);
        Assert.Equal("没有该年度的目录", precondition.Status.Detail);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.CheckTargetsAsync(
            new CheckTargetsRequest { ProjectExpenditureTotal = DeclaredService.RelayPrefix + "huge-violations" }, Deadline).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.True(Encoding.UTF8.GetByteCount(invalid.Status.Detail) <= StatusLimits.MaxMessageBytes);
        Assert.Single(invalid.Trailers, t => t.Key == "grpc-status-details-bin");
        var status = invalid.GetRpcStatus() ?? throw new InvalidOperationException("no grpc-status-details-bin");
        Assert.Equal((int)StatusCode.InvalidArgument, status.Code);
        Assert.Equal(invalid.Status.Detail, status.Message);
        Assert.True(status.CalculateSize() <= StatusLimits.MaxDetailsBytes);
        var violations = status.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Equal("projects[0].name", violations[0].Field);
        Assert.Matches(@"^另有\d+项未列出$", violations[^1].Description);
    }

    [Fact]
    public async Task Health_follows_the_readiness_checks_for_the_server_and_each_service()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapRpcService<DeclaredService>());
        var health = new Health.HealthClient(host.Channel);

        host.Readiness.Ready = false;
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest(), Deadline)).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = ServiceName }, Deadline)).Status);

        host.Readiness.Ready = true;
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest(), Deadline)).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = ServiceName }, Deadline)).Status);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, Deadline).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Liveness_says_the_process_serves_while_readiness_fails()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapRpcService<DeclaredService>());
        var health = new Health.HealthClient(host.Channel);

        host.Readiness.Ready = false;
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest(), Deadline)).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = GrpcHostingExtensions.LivenessService }, Deadline)).Status);
    }

    [Fact]
    public async Task Reflection_v1_and_v1alpha_list_the_service_and_describe_its_file()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapRpcService<DeclaredService>());

        using (var v1 = new ReflectionV1.ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo(Deadline))
        {
            await v1.RequestStream.WriteAsync(new ReflectionV1.ServerReflectionRequest { ListServices = string.Empty });
            await v1.RequestStream.WriteAsync(new ReflectionV1.ServerReflectionRequest { FileContainingSymbol = ServiceName });
            await v1.RequestStream.CompleteAsync();
            Assert.True(await v1.ResponseStream.MoveNext());
            Assert.Contains(ServiceName, v1.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
            Assert.True(await v1.ResponseStream.MoveNext());
            Assert.NotEmpty(v1.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
        }

        using var alpha = new ReflectionV1Alpha.ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo(Deadline);
        await alpha.RequestStream.WriteAsync(new ReflectionV1Alpha.ServerReflectionRequest { ListServices = string.Empty });
        await alpha.RequestStream.CompleteAsync();
        Assert.True(await alpha.ResponseStream.MoveNext());
        Assert.Contains(ServiceName, alpha.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task A_request_larger_than_the_servers_limit_is_refused_as_resource_exhausted()
    {
        await using var host = await GrpcServerHost.StartAsync(app => app.MapRpcService<DeclaredService>());
        var client = new PerformanceTargetsService.PerformanceTargetsServiceClient(host.Channel);
        var request = new CheckTargetsRequest { ProjectExpenditureTotal = new string('x', GrpcHostingExtensions.DefaultMaxReceiveMessageSize + 1) };

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.CheckTargetsAsync(request, Deadline).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }
}
