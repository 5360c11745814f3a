using System.Collections.Concurrent;
using System.Net;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Console.Tests;

/// <summary>
/// The Reconciler, Publication and ThreePublicExpenses read APIs the console calls, served by grpc-dotnet (generated …Base classes)
/// from canned data (those services are still being finished). They record the authorization header they saw.
/// </summary>
internal sealed class FakePeers : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePeers(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, Report> Reports { get; } = new();

    public ConcurrentDictionary<string, Contracts.Publication.V1.Publication> Publications { get; } = new();

    public GetDistrictViewResponse DistrictView { get; set; } = new();

    /// <summary>The district views the console asked for, in order.</summary>
    public ConcurrentQueue<GetDistrictViewRequest> DistrictViewRequests { get; } = new();

    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Retraction reasons the console sent, by submission.</summary>
    public ConcurrentDictionary<string, string> Retractions { get; } = new();

    public ConcurrentQueue<string> Republished { get; } = new();

    /// <summary>
    /// Submissions the fake Publication handles as the real one does: an approval puts them on the website (and
    /// says so on the bus), a retraction takes them off (and says so). Others keep the canned answers tests set.
    /// </summary>
    public ConcurrentDictionary<string, bool> ActLikePublication { get; } = new();

    /// <summary>Publishes on the test bus; set by the fixture.</summary>
    internal Func<object, Task> PublishEvent { get; set; } = _ => Task.CompletedTask;

    /// <summary>What Publication does with an approval of a submission in <see cref="ActLikePublication"/>.</summary>
    internal async Task OnApprovedAsync(DisclosureApproved approval)
    {
        var id = approval.SubmissionId.ToString();
        if (!ActLikePublication.ContainsKey(id))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var path = $"500107/2023/{id[..8]}/index.html";
        Publications[id] = new Contracts.Publication.V1.Publication
        {
            SubmissionId = id, Revision = approval.Revision, State = PublicationState.Published, Path = path, ApprovedBy = approval.ApprovedBy + " (operator)",
            ApprovedAt = Timestamp.FromDateTimeOffset(approval.OccurredAt), PublishedAt = Timestamp.FromDateTimeOffset(now), OverrideReason = approval.OverrideReason ?? string.Empty,
        };
        await PublishEvent(new DisclosurePublished(Guid.NewGuid(), approval.SubmissionId, approval.Revision, approval.ContentHash, "/" + path, now));
    }

    public Uri Address => _app.GrpcAddress();

    public static async Task<FakePeers> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        var peers = new FakePeers(app);
        app.MapGrpcService<Reconciler>();
        app.MapGrpcService<PublicationApi>();
        app.MapGrpcService<ThreePublic>();
        Current = peers;
        await app.StartAsync();
        return peers;
    }

    // The fake services are created per call by the gRPC library; they find their data here.
    internal static FakePeers Current { get; private set; } = null!;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Record(ServerCallContext context) => Current.Authorizations.Enqueue(context.RequestHeaders.GetValue("authorization") ?? string.Empty);

    internal sealed class Reconciler : ReconcilerService.ReconcilerServiceBase
    {
        public override Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context)
        {
            Record(context);
            return Current.Reports.TryGetValue(request.SubmissionId, out var report)
                ? Task.FromResult(new GetReportResponse { Report = report })
                : throw RpcErrors.Status(StatusCode.NotFound, "no report");
        }
    }

    internal sealed class PublicationApi : PublicationService.PublicationServiceBase
    {
        public override Task<GetPublicationResponse> GetPublication(GetPublicationRequest request, ServerCallContext context)
        {
            Record(context);
            return Current.Publications.TryGetValue(request.SubmissionId, out var publication)
                ? Task.FromResult(new GetPublicationResponse { Publication = publication })
                : throw RpcErrors.Status(StatusCode.NotFound, "not published");
        }

        public override async Task<RetractPublicationResponse> RetractPublication(RetractPublicationRequest request, ServerCallContext context)
        {
            Record(context);
            var publication = Current.Publications[request.SubmissionId];
            publication.State = PublicationState.Retracted;
            publication.RetractedBy = "财政局审核员 (operator)";
            publication.RetractionReason = request.Reason;
            publication.RetractedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            Current.Retractions[request.SubmissionId] = request.Reason;
            if (Current.ActLikePublication.ContainsKey(request.SubmissionId))
            {
                await Current.PublishEvent(new DisclosureRetracted(Guid.NewGuid(), Guid.Parse(request.SubmissionId), publication.Revision, "财政局审核员", request.Reason, DateTimeOffset.UtcNow));
            }

            return new RetractPublicationResponse { Publication = publication };
        }

        public override Task<RepublishPublicationResponse> RepublishPublication(RepublishPublicationRequest request, ServerCallContext context)
        {
            Record(context);
            Current.Republished.Enqueue(request.SubmissionId);
            return Task.FromResult(new RepublishPublicationResponse { Publication = Current.Publications[request.SubmissionId] });
        }
    }

    internal sealed class ThreePublic : ThreePublicExpensesService.ThreePublicExpensesServiceBase
    {
        public override Task<GetDistrictViewResponse> GetDistrictView(GetDistrictViewRequest request, ServerCallContext context)
        {
            Record(context);
            Current.DistrictViewRequests.Enqueue(request);
            return Task.FromResult(Current.DistrictView);
        }
    }
}
