using System.Collections.Concurrent;
using System.Net;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.Publication.Tests;

/// <summary>
/// Intake's GetSubmission and DescribeCaller and Reconciler's GetReport: grpc-dotnet servers of the real protos, in-process, so the
/// publication tests do not depend on those services. Keys: <see cref="OperatorKey"/> is an operator,
/// <see cref="DistrictKey"/> a district system, anything else is unauthenticated.
/// </summary>
internal sealed class StubUpstream : IAsyncDisposable
{
    public const string OperatorKey = "bm_op7_0123456789abcdefghijklmnop";
    public const string DistrictKey = "bm_dist1_0123456789abcdefghijklmnop";

    private readonly WebApplication _app;

    private StubUpstream(WebApplication app, Store store)
    {
        _app = app;
        Revisions = store;
    }

    public Store Revisions { get; }

    public Uri Address => _app.GrpcAddress();

    public static async Task<StubUpstream> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var store = new Store();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<Intake>();
        builder.Services.AddSingleton<Reconciler>();
        builder.Services.AddSingleton<Keys>();
        var app = builder.Build();
        app.MapGrpcService<Intake>();
        app.MapGrpcService<Keys>();
        app.MapGrpcService<Reconciler>();
        await app.StartAsync();
        return new StubUpstream(app, store);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record StoredRevision(BudgetPackage Package, string Hash, Report? Report);

    /// <summary>What Intake and Reconciler hold; tests add revisions and count the calls.</summary>
    internal sealed class Store
    {
        private readonly ConcurrentDictionary<(Guid, int), StoredRevision> _revisions = new();

        public int KeyChecks;

        /// <summary>While set, Intake's GetSubmission answers UNAVAILABLE, as an Intake that cannot be reached does.</summary>
        public volatile bool IntakeUnreachable;

        /// <summary>Adds a revision with a clean report (or <paramref name="errors"/> error findings) and returns its hash.</summary>
        public string Add(Guid submission, int revision, BudgetPackage package, int errors = 0, bool withReport = true)
        {
            var hash = package.ComputeContentHash();
            Report? report = null;
            if (withReport)
            {
                report = new Report { SubmissionId = submission.ToString(), Revision = revision, ContentHash = hash, Summary = new ReportSummary { Errors = errors, Rules = 40 } };
                if (errors > 0)
                {
                    report.Results.Add(new RuleResult { RuleId = "XT-GF-JB-BASIC", Outcome = Outcome.Fail, Findings = { new Finding { RuleId = "XT-GF-JB-BASIC", Severity = Severity.Error, Message = "不平" } } });
                }
            }

            _revisions[(submission, revision)] = new StoredRevision(package.Clone(), hash, report);
            return hash;
        }

        public StoredRevision? Get(Guid submission, int revision) => _revisions.GetValueOrDefault((submission, revision));
    }

    private static void RequireOperator(ServerCallContext context)
    {
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (authorization == "Bearer " + DistrictKey)
        {
            throw RpcErrors.Status(StatusCode.PermissionDenied, "需要操作员角色 / the operator role is required");
        }

        if (authorization != "Bearer " + OperatorKey)
        {
            throw RpcErrors.Status(StatusCode.Unauthenticated, "API密钥无效或已吊销 / the API key is invalid or revoked");
        }
    }

    private sealed class Intake(Store store) : IntakeService.IntakeServiceBase
    {
        public override Task<GetSubmissionResponse> GetSubmission(GetSubmissionRequest request, ServerCallContext context)
        {
            RequireOperator(context);
            if (store.IntakeUnreachable)
            {
                throw RpcErrors.Status(StatusCode.Unavailable, "受理服务暂不可用");
            }

            var stored = store.Get(Guid.Parse(request.SubmissionId), request.Revision)
                ?? throw RpcErrors.Status(StatusCode.NotFound, "no such revision");
            var response = new GetSubmissionResponse
            {
                Receipt = new Receipt { SubmissionId = request.SubmissionId, Revision = request.Revision, ContentHash = stored.Hash, Status = SubmissionStatus.Approved },
            };
            if (request.IncludePackage)
            {
                response.Package = stored.Package.Clone();
            }

            return Task.FromResult(response);
        }

    }

    private sealed class Keys(Store store) : KeyService.KeyServiceBase
    {
        public override Task<DescribeCallerResponse> DescribeCaller(DescribeCallerRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref store.KeyChecks);
            var authorization = context.RequestHeaders.GetValue("authorization");
            var key = authorization switch
            {
                "Bearer " + OperatorKey => new ApiKey { KeyId = "op7", Kind = KeyKind.Operator, Name = "审核员丙" },
                "Bearer " + DistrictKey => new ApiKey { KeyId = "dist1", Kind = KeyKind.District, DistrictCode = "500107", Name = "九龙坡区预算系统" },
                _ => throw RpcErrors.Status(StatusCode.Unauthenticated, "API密钥无效或已吊销 / the API key is invalid or revoked"),
            };
            return Task.FromResult(new DescribeCallerResponse { Key = key });
        }
    }

    private sealed class Reconciler(Store store) : ReconcilerService.ReconcilerServiceBase
    {
        public override Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context)
        {
            var report = store.Get(Guid.Parse(request.SubmissionId), request.Revision)?.Report
                ?? throw RpcErrors.Status(StatusCode.NotFound, "no report");
            return Task.FromResult(new GetReportResponse { Report = report });
        }
    }
}
