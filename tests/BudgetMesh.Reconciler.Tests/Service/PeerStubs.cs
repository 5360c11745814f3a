using System.Net;
using System.Net.Sockets;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.Reconciler.Tests.Service;

/// <summary>Small in-process grpc-dotnet servers of the real protos (generated …Base classes) standing in for the reconciler's peers.</summary>
internal static class PeerStubs
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One server answering as Intake, ThreePublicExpenses and PerformanceTargets.</summary>
    public static async Task<WebApplication> StartIntakeAndRulesAsync(int port, BudgetPackage package, Action<string?> onAuthorization,
        Action<CheckThreePublicRequest>? onThreePublic = null)
    {
        var builder = Builder(port);
        builder.Services.AddSingleton(new IntakeStub(package, onAuthorization));
        builder.Services.AddSingleton(new ThreePublicStub(onThreePublic ?? (_ => { })));
        var app = builder.Build();
        app.MapGrpcService<IntakeStub>();
        app.MapGrpcService<ThreePublicStub>();
        app.MapGrpcService<PerformanceStub>();
        await app.StartAsync();
        return app;
    }

    public static async Task<WebApplication> StartClassificationAsync(int port)
    {
        var app = Builder(port).Build();
        app.MapGrpcService<ClassificationStub>();
        await app.StartAsync();
        return app;
    }

    private static WebApplicationBuilder Builder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        return builder;
    }

    /// <summary>A key of another district: Intake refuses it the submission, as the real one does.</summary>
    public const string OtherDistrictAuthorization = "Bearer bm_otherdistrict_ZZZZZZZZZZZZZZZZZZZZ";

    /// <summary>Answers GetSubmission as Intake would: UNAUTHENTICATED without a key, PERMISSION_DENIED for another district's.</summary>
    internal sealed class IntakeStub(BudgetPackage package, Action<string?> onAuthorization) : IntakeService.IntakeServiceBase
    {
        public override Task<GetSubmissionResponse> GetSubmission(GetSubmissionRequest request, ServerCallContext context)
        {
            var authorization = context.RequestHeaders.GetValue("authorization");
            onAuthorization(authorization);
            return authorization switch
            {
                null => throw RpcErrors.Status(StatusCode.Unauthenticated, "a valid API key is required"),
                OtherDistrictAuthorization => throw RpcErrors.Status(StatusCode.PermissionDenied, "another district's submission"),
                _ => Task.FromResult(new GetSubmissionResponse { Package = request.IncludePackage ? package : null }),
            };
        }
    }

    internal sealed class ClassificationStub : ClassificationService.ClassificationServiceBase
    {
        /// <summary>A year the stub has no catalog for, answered as the real service does.</summary>
        public const int YearWithoutCatalog = 2001;

        public override Task<CheckPackageResponse> CheckPackage(CheckPackageRequest request, ServerCallContext context)
        {
            if (request.Package?.Header?.BudgetYear == YearWithoutCatalog)
            {
                throw RpcErrors.Status(StatusCode.FailedPrecondition, $"没有 {YearWithoutCatalog} 年度的分类目录：内置目录不含该年度，也未导入。");
            }

            var response = new CheckPackageResponse { CatalogVersion = "stub-catalog" };
            var c2 = new RuleResult { RuleId = "C2-NAME-MISMATCH", Outcome = Outcome.Fail, Owner = "classification" };
            c2.Findings.Add(new Finding { RuleId = "C2-NAME-MISMATCH", Severity = Severity.Warning, Message = "财政拨款收支总表 201 名称印为“一般公共预算支出”，目录名称为“一般公共服务支出”。" });
            response.Results.Add(c2);
            return Task.FromResult(response);
        }
    }

    internal sealed class ThreePublicStub(Action<CheckThreePublicRequest> onRequest) : ThreePublicExpensesService.ThreePublicExpensesServiceBase
    {
        public override Task<CheckThreePublicResponse> CheckThreePublic(CheckThreePublicRequest request, ServerCallContext context)
        {
            onRequest(request);
            return Task.FromResult(new CheckThreePublicResponse { Results = { new RuleResult { RuleId = "T1-TOTALS", Outcome = Outcome.Pass, Owner = "three-public" } } });
        }
    }

    internal sealed class PerformanceStub : PerformanceTargetsService.PerformanceTargetsServiceBase
    {
        public override Task<CheckTargetsResponse> CheckTargets(CheckTargetsRequest request, ServerCallContext context) =>
            Task.FromResult(new CheckTargetsResponse { Results = { new RuleResult { RuleId = "P1-COVERAGE", Outcome = Outcome.Pass, Owner = "performance" } } });
    }
}
