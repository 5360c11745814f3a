using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.GrpcClients;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;

namespace BudgetMesh.Console;

/// <summary>
/// Every gRPC call the console makes, through typed clients from the client factory (registered in
/// <see cref="ConsoleRegistration"/>), always with the signed-in operator's own key, so the services authorise and
/// audit the person and not the console.
/// </summary>
internal sealed class ServiceCalls(GrpcClientFactory clients, IConfiguration configuration)
{
    public const string IntakePeer = "intake";
    public const string ReconcilerPeer = "reconciler";
    public const string ThreePublicPeer = "three-public";
    public const string PublicationPeer = "publication";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Each peer's name for operators and its default address (BUDGETMESH_&lt;PEER&gt;_URL overrides it).</summary>
    private static readonly Dictionary<string, (string Label, string DefaultUrl)> Peers = new(StringComparer.Ordinal)
    {
        [IntakePeer] = ("受理服务", "http://127.0.0.1:5101"),
        [ThreePublicPeer] = ("三公经费服务", "http://127.0.0.1:5103"),
        [ReconcilerPeer] = ("校核服务", "http://127.0.0.1:5105"),
        [PublicationPeer] = ("公开发布服务", "http://127.0.0.1:5106"),
    };

    public Task<DescribeCallerResponse> DescribeCallerAsync(string key, CancellationToken ct) =>
        Explained(IntakePeer, () => Client<KeyService.KeyServiceClient>().DescribeCallerAsync(new DescribeCallerRequest(), Options(key, ct)).ResponseAsync);

    public Task<ListSubmissionsResponse> ListSubmissionsAsync(string key, ListSubmissionsRequest request, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.ListSubmissionsAsync(request, Options(key, ct)).ResponseAsync);

    public Task<GetSubmissionResponse> GetSubmissionAsync(string key, string submissionId, int revision, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId, Revision = revision, IncludePackage = true }, Options(key, ct)).ResponseAsync);

    public Task<GetSubmissionResponse> GetSummaryAsync(string key, string submissionId, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId, IncludePackage = false }, Options(key, ct)).ResponseAsync);

    public Task<ApproveRevisionResponse> ApproveAsync(string key, ApproveRevisionRequest request, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.ApproveRevisionAsync(request, Options(key, ct)).ResponseAsync);

    public Task<ReturnRevisionResponse> ReturnAsync(string key, ReturnRevisionRequest request, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.ReturnRevisionAsync(request, Options(key, ct)).ResponseAsync);

    public Task<MarkReviewedResponse> MarkReviewedAsync(string key, MarkReviewedRequest request, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.MarkReviewedAsync(request, Options(key, ct)).ResponseAsync);

    public Task<AssignSubmissionResponse> AssignAsync(string key, AssignSubmissionRequest request, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.AssignSubmissionAsync(request, Options(key, ct)).ResponseAsync);

    public async Task<IReadOnlyList<string>> ListAssigneesAsync(string key, CancellationToken ct) =>
        (await Explained(IntakePeer, () => Intake.ListAssigneesAsync(new ListAssigneesRequest(), Options(key, ct)).ResponseAsync)).Names;

    public Task<ListAuditEntriesResponse> ListAuditAsync(string key, string submissionId, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.ListAuditEntriesAsync(new ListAuditEntriesRequest { SubmissionId = submissionId, PageSize = 200 }, Options(key, ct)).ResponseAsync);

    public Task<ListAuditEntriesResponse> ListAuditPageAsync(string key, string pageToken, CancellationToken ct) =>
        Explained(IntakePeer, () => Intake.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 500, PageToken = pageToken }, Options(key, ct)).ResponseAsync);

    public Task<RetractPublicationResponse> RetractAsync(string key, string submissionId, string reason, CancellationToken ct) =>
        Explained(PublicationPeer, () => Publication.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = submissionId, Reason = reason }, Options(key, ct)).ResponseAsync);

    public Task<RepublishPublicationResponse> RepublishAsync(string key, string submissionId, CancellationToken ct) =>
        Explained(PublicationPeer, () => Publication.RepublishPublicationAsync(new RepublishPublicationRequest { SubmissionId = submissionId }, Options(key, ct)).ResponseAsync);

    public async Task<Optional<Report>> GetReportAsync(string key, string submissionId, int revision, CancellationToken ct) =>
        await OptionalAsync(ReconcilerPeer, async () => (await Client<ReconcilerService.ReconcilerServiceClient>().GetReportAsync(
            new GetReportRequest { SubmissionId = submissionId, Revision = revision }, Options(key, ct))).Report);

    public async Task<Optional<Contracts.Publication.V1.Publication>> GetPublicationAsync(string key, string submissionId, CancellationToken ct) =>
        await OptionalAsync(PublicationPeer, async () => (await Publication.GetPublicationAsync(new GetPublicationRequest { SubmissionId = submissionId }, Options(key, ct))).Publication);

    public Task<GetDistrictViewResponse> GetDistrictViewAsync(string key, string districtCode, int year, CancellationToken ct) =>
        Explained(ThreePublicPeer, () => Client<ThreePublicExpensesService.ThreePublicExpensesServiceClient>().GetDistrictViewAsync(
            new GetDistrictViewRequest { DistrictCode = districtCode, BudgetYear = year }, Options(key, ct)).ResponseAsync);

    /// <summary>The typed clients, registered with the client factory under their type names (AddGrpcClient's default).</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        builder.AddGrpcPeer<IntakeService.IntakeServiceClient>(IntakePeer, Peers[IntakePeer].DefaultUrl);
        builder.AddGrpcPeer<KeyService.KeyServiceClient>(IntakePeer, Peers[IntakePeer].DefaultUrl);
        builder.AddGrpcPeer<ThreePublicExpensesService.ThreePublicExpensesServiceClient>(ThreePublicPeer, Peers[ThreePublicPeer].DefaultUrl);
        builder.AddGrpcPeer<ReconcilerService.ReconcilerServiceClient>(ReconcilerPeer, Peers[ReconcilerPeer].DefaultUrl);
        builder.AddGrpcPeer<PublicationService.PublicationServiceClient>(PublicationPeer, Peers[PublicationPeer].DefaultUrl);
        builder.Services.AddSingleton<ServiceCalls>();
    }

    private IntakeService.IntakeServiceClient Intake => Client<IntakeService.IntakeServiceClient>();

    private PublicationService.PublicationServiceClient Publication => Client<PublicationService.PublicationServiceClient>();

    // A client per use from the factory: this class is a singleton, and the factory's clients follow its handler lifetime.
    private TClient Client<TClient>()
        where TClient : class => clients.CreateClient<TClient>(typeof(TClient).Name);

    private static CallOptions Options(string key, CancellationToken ct) =>
        new(new Metadata { { "authorization", $"Bearer {key}" } }, DateTime.UtcNow + Deadline, ct);

    /// <summary>
    /// The call's failure in the operator's words, as the status detail every page shows: a service's refusal (invalid,
    /// not found, not allowed, not in this state) by its own Chinese reason; a failure to reach or run a service naming
    /// the service, its address and the transport failure in Chinese (CallFailure). Code and details stay as sent.
    /// </summary>
    private RpcException Explain(string peer, RpcException exception)
    {
        var (label, defaultUrl) = Peers[peer];
        var detail = CallFailure.IsRefusal(exception.StatusCode)
            ? CallFailure.Reason(exception)
            : CallFailure.Describe(label, GrpcPeerExtensions.PeerAddressFrom(configuration, peer, defaultUrl), exception);
        return new RpcException(new Status(exception.StatusCode, detail, exception.Status.DebugException), exception.Trailers);
    }

    private async Task<T> Explained<T>(string peer, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex)
        {
            throw Explain(peer, ex);
        }
    }

    // A page stays useful when a peer has nothing yet or is down: it says so, and why, in place of that part.
    private async Task<Optional<T>> OptionalAsync<T>(string peer, Func<Task<T>> call)
    {
        try
        {
            return new Optional<T>(await Explained(peer, call), null);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new Optional<T>(default, null);
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return new Optional<T>(default, ex.Status.Detail);
        }
    }
}

/// <summary>A value from a peer that may be absent (not found) or unavailable (Error says why).</summary>
internal sealed record Optional<T>(T? Value, string? Error);
