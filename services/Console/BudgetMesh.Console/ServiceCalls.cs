using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.Grpc;
using Google.Protobuf;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace BudgetMesh.Console;

/// <summary>
/// Every gRPC call the console makes, always with the signed-in operator's own key, so the services
/// authorise and audit the person and not the console.
/// </summary>
internal sealed class ServiceCalls(IGrpcClientFactory clients)
{
    public const string IntakePeer = "intake";
    public const string ReconcilerPeer = "reconciler";
    public const string ThreePublicPeer = "three-public";
    public const string PublicationPeer = "publication";

    private static readonly ServiceDescriptor Intake = IntakeReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Keys = IntakeReflection.Descriptor.Services[1];
    private static readonly ServiceDescriptor Reconciler = ReconcilerReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor ThreePublic = ThreePublicReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Publication = PublicationReflection.Descriptor.Services[0];

    public Task<DescribeCallerResponse> DescribeCallerAsync(string key, CancellationToken ct) =>
        CallAsync<DescribeCallerRequest, DescribeCallerResponse>(IntakePeer, Keys, "DescribeCaller", new DescribeCallerRequest(), key, ct);

    public Task<ListSubmissionsResponse> ListSubmissionsAsync(string key, ListSubmissionsRequest request, CancellationToken ct) =>
        CallAsync<ListSubmissionsRequest, ListSubmissionsResponse>(IntakePeer, Intake, "ListSubmissions", request, key, ct);

    public Task<GetSubmissionResponse> GetSubmissionAsync(string key, string submissionId, int revision, CancellationToken ct) =>
        CallAsync<GetSubmissionRequest, GetSubmissionResponse>(IntakePeer, Intake, "GetSubmission",
            new GetSubmissionRequest { SubmissionId = submissionId, Revision = revision, IncludePackage = true }, key, ct);

    public Task<GetSubmissionResponse> GetSummaryAsync(string key, string submissionId, CancellationToken ct) =>
        CallAsync<GetSubmissionRequest, GetSubmissionResponse>(IntakePeer, Intake, "GetSubmission",
            new GetSubmissionRequest { SubmissionId = submissionId, IncludePackage = false }, key, ct);

    public Task<ApproveRevisionResponse> ApproveAsync(string key, ApproveRevisionRequest request, CancellationToken ct) =>
        CallAsync<ApproveRevisionRequest, ApproveRevisionResponse>(IntakePeer, Intake, "ApproveRevision", request, key, ct);

    public Task<ReturnRevisionResponse> ReturnAsync(string key, ReturnRevisionRequest request, CancellationToken ct) =>
        CallAsync<ReturnRevisionRequest, ReturnRevisionResponse>(IntakePeer, Intake, "ReturnRevision", request, key, ct);

    public Task<ListAuditEntriesResponse> ListAuditAsync(string key, string submissionId, CancellationToken ct) =>
        CallAsync<ListAuditEntriesRequest, ListAuditEntriesResponse>(IntakePeer, Intake, "ListAuditEntries",
            new ListAuditEntriesRequest { SubmissionId = submissionId, PageSize = 200 }, key, ct);

    public Task<ListAuditEntriesResponse> ListAuditPageAsync(string key, string pageToken, CancellationToken ct) =>
        CallAsync<ListAuditEntriesRequest, ListAuditEntriesResponse>(IntakePeer, Intake, "ListAuditEntries",
            new ListAuditEntriesRequest { PageSize = 500, PageToken = pageToken }, key, ct);

    public Task<RetractPublicationResponse> RetractAsync(string key, string submissionId, string reason, CancellationToken ct) =>
        CallAsync<RetractPublicationRequest, RetractPublicationResponse>(PublicationPeer, Publication, "RetractPublication",
            new RetractPublicationRequest { SubmissionId = submissionId, Reason = reason }, key, ct);

    public Task<RepublishPublicationResponse> RepublishAsync(string key, string submissionId, CancellationToken ct) =>
        CallAsync<RepublishPublicationRequest, RepublishPublicationResponse>(PublicationPeer, Publication, "RepublishPublication",
            new RepublishPublicationRequest { SubmissionId = submissionId }, key, ct);

    public async Task<Optional<Report>> GetReportAsync(string key, string submissionId, int revision, CancellationToken ct) =>
        await OptionalAsync(async () => (await CallAsync<GetReportRequest, GetReportResponse>(ReconcilerPeer, Reconciler, "GetReport",
            new GetReportRequest { SubmissionId = submissionId, Revision = revision }, key, ct)).Report);

    public async Task<Optional<Contracts.Publication.V1.Publication>> GetPublicationAsync(string key, string submissionId, CancellationToken ct) =>
        await OptionalAsync(async () => (await CallAsync<GetPublicationRequest, GetPublicationResponse>(PublicationPeer, Publication, "GetPublication",
            new GetPublicationRequest { SubmissionId = submissionId }, key, ct)).Publication);

    public Task<GetDistrictViewResponse> GetDistrictViewAsync(string key, string districtCode, int year, CancellationToken ct) =>
        CallAsync<GetDistrictViewRequest, GetDistrictViewResponse>(ThreePublicPeer, ThreePublic, "GetDistrictView",
            new GetDistrictViewRequest { DistrictCode = districtCode, BudgetYear = year }, key, ct);

    private Task<TResponse> CallAsync<TRequest, TResponse>(string peer, ServiceDescriptor service, string method, TRequest request, string key, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() =>
        clients.GetClient(peer).UnaryAsync<TRequest, TResponse>(service.FindMethodByName(method), request, new CallOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            CancellationToken = ct,
            Headers = new Metadata { { "authorization", $"Bearer {key}" } },
        });

    /// <summary>Why a peer gave no answer, in the operator's words (the technical detail is in the trace).</summary>
    public static string Unavailable(StatusCode code) => code switch
    {
        StatusCode.Unavailable => "服务无法连接",
        StatusCode.DeadlineExceeded => "服务响应超时",
        StatusCode.PermissionDenied => "当前密钥无权查看",
        StatusCode.InvalidArgument or StatusCode.OutOfRange => "请求的条件无效",
        _ => "服务返回错误",
    };

    // A page stays useful when a peer has nothing yet or is down: it says so in place of that part.
    private static async Task<Optional<T>> OptionalAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return new Optional<T>(await call(), null);
        }
        catch (GrpcStatusException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new Optional<T>(default, null);
        }
        catch (GrpcStatusException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return new Optional<T>(default, Unavailable(ex.StatusCode));
        }
    }
}

/// <summary>A value from a peer that may be absent (not found) or unavailable (Error says why).</summary>
internal sealed record Optional<T>(T? Value, string? Error);
