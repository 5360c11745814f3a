using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;

namespace BudgetMesh.Console;

/// <summary>
/// Every gRPC call the console makes, through typed clients from the client factory (registered in
/// <see cref="ConsoleRegistration"/>), always with the signed-in operator's own key, so the services authorise and
/// audit the person and not the console.
/// </summary>
internal sealed class ServiceCalls(GrpcClientFactory clients)
{
    public const string IntakePeer = "intake";
    public const string ReconcilerPeer = "reconciler";
    public const string ThreePublicPeer = "three-public";
    public const string PublicationPeer = "publication";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public Task<DescribeCallerResponse> DescribeCallerAsync(string key, CancellationToken ct) =>
        Client<KeyService.KeyServiceClient>().DescribeCallerAsync(new DescribeCallerRequest(), Options(key, ct)).ResponseAsync;

    public Task<ListSubmissionsResponse> ListSubmissionsAsync(string key, ListSubmissionsRequest request, CancellationToken ct) =>
        Intake.ListSubmissionsAsync(request, Options(key, ct)).ResponseAsync;

    public Task<GetSubmissionResponse> GetSubmissionAsync(string key, string submissionId, int revision, CancellationToken ct) =>
        Intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId, Revision = revision, IncludePackage = true }, Options(key, ct)).ResponseAsync;

    public Task<GetSubmissionResponse> GetSummaryAsync(string key, string submissionId, CancellationToken ct) =>
        Intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId, IncludePackage = false }, Options(key, ct)).ResponseAsync;

    public Task<ApproveRevisionResponse> ApproveAsync(string key, ApproveRevisionRequest request, CancellationToken ct) =>
        Intake.ApproveRevisionAsync(request, Options(key, ct)).ResponseAsync;

    public Task<ReturnRevisionResponse> ReturnAsync(string key, ReturnRevisionRequest request, CancellationToken ct) =>
        Intake.ReturnRevisionAsync(request, Options(key, ct)).ResponseAsync;

    public Task<ListAuditEntriesResponse> ListAuditAsync(string key, string submissionId, CancellationToken ct) =>
        Intake.ListAuditEntriesAsync(new ListAuditEntriesRequest { SubmissionId = submissionId, PageSize = 200 }, Options(key, ct)).ResponseAsync;

    public Task<ListAuditEntriesResponse> ListAuditPageAsync(string key, string pageToken, CancellationToken ct) =>
        Intake.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 500, PageToken = pageToken }, Options(key, ct)).ResponseAsync;

    public Task<RetractPublicationResponse> RetractAsync(string key, string submissionId, string reason, CancellationToken ct) =>
        Publication.RetractPublicationAsync(new RetractPublicationRequest { SubmissionId = submissionId, Reason = reason }, Options(key, ct)).ResponseAsync;

    public Task<RepublishPublicationResponse> RepublishAsync(string key, string submissionId, CancellationToken ct) =>
        Publication.RepublishPublicationAsync(new RepublishPublicationRequest { SubmissionId = submissionId }, Options(key, ct)).ResponseAsync;

    public async Task<Optional<Report>> GetReportAsync(string key, string submissionId, int revision, CancellationToken ct) =>
        await OptionalAsync(async () => (await Client<ReconcilerService.ReconcilerServiceClient>().GetReportAsync(
            new GetReportRequest { SubmissionId = submissionId, Revision = revision }, Options(key, ct))).Report);

    public async Task<Optional<Contracts.Publication.V1.Publication>> GetPublicationAsync(string key, string submissionId, CancellationToken ct) =>
        await OptionalAsync(async () => (await Publication.GetPublicationAsync(new GetPublicationRequest { SubmissionId = submissionId }, Options(key, ct))).Publication);

    public Task<GetDistrictViewResponse> GetDistrictViewAsync(string key, string districtCode, int year, CancellationToken ct) =>
        Client<ThreePublicExpensesService.ThreePublicExpensesServiceClient>().GetDistrictViewAsync(
            new GetDistrictViewRequest { DistrictCode = districtCode, BudgetYear = year }, Options(key, ct)).ResponseAsync;

    /// <summary>The typed clients, registered with the client factory under their type names (AddGrpcClient's default).</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        builder.AddGrpcPeer<IntakeService.IntakeServiceClient>(IntakePeer, "http://127.0.0.1:5101");
        builder.AddGrpcPeer<KeyService.KeyServiceClient>(IntakePeer, "http://127.0.0.1:5101");
        builder.AddGrpcPeer<ThreePublicExpensesService.ThreePublicExpensesServiceClient>(ThreePublicPeer, "http://127.0.0.1:5103");
        builder.AddGrpcPeer<ReconcilerService.ReconcilerServiceClient>(ReconcilerPeer, "http://127.0.0.1:5105");
        builder.AddGrpcPeer<PublicationService.PublicationServiceClient>(PublicationPeer, "http://127.0.0.1:5106");
        builder.Services.AddSingleton<ServiceCalls>();
    }

    private IntakeService.IntakeServiceClient Intake => Client<IntakeService.IntakeServiceClient>();

    private PublicationService.PublicationServiceClient Publication => Client<PublicationService.PublicationServiceClient>();

    // A client per use from the factory: this class is a singleton, and the factory's clients follow its handler lifetime.
    private TClient Client<TClient>()
        where TClient : class => clients.CreateClient<TClient>(typeof(TClient).Name);

    private static CallOptions Options(string key, CancellationToken ct) =>
        new(new Metadata { { "authorization", $"Bearer {key}" } }, DateTime.UtcNow + Deadline, ct);

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
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new Optional<T>(default, null);
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return new Optional<T>(default, Unavailable(ex.StatusCode));
        }
    }
}

/// <summary>A value from a peer that may be absent (not found) or unavailable (Error says why).</summary>
internal sealed record Optional<T>(T? Value, string? Error);
