using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.ClientFactory;

namespace BudgetMesh.Publication.Approval;

/// <summary>The approved revision (Intake) and its report (Reconciler); null where the owner says it has none.</summary>
internal sealed record ApprovedRevision(GetSubmissionResponse? Submission, Report? Report);

/// <summary>
/// Reads what was approved from the services that own it. Only NOT_FOUND becomes "none" (the gate then refuses);
/// every other failure is thrown, and the ApprovalFetcher tries again later.
/// </summary>
internal sealed class ApprovedRevisionSource(GrpcClientFactory clients, PublicationSettings settings)
{
    public const string IntakePeer = "intake";
    public const string ReconcilerPeer = "reconciler";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public async Task<ApprovedRevision> FetchAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        var key = settings.OperatorKey ?? throw new InvalidOperationException(
            $"publication: set {PublicationSettings.KeyVariable} to an Intake operator key, it is needed to read approved revisions.");
        var submission = await NullIfNotFound(async () => await Client<IntakeService.IntakeServiceClient>().GetSubmissionAsync(
            new GetSubmissionRequest { SubmissionId = submissionId.ToString(), Revision = revision, IncludePackage = true },
            Call(key, cancellationToken)));
        var report = await NullIfNotFound(async () => await Client<ReconcilerService.ReconcilerServiceClient>().GetReportAsync(
            new GetReportRequest { SubmissionId = submissionId.ToString(), Revision = revision },
            Call(key, cancellationToken)));
        return new ApprovedRevision(submission, report?.Report);
    }

    /// <summary>The typed clients of Intake and the Reconciler (BUDGETMESH_INTAKE_URL, BUDGETMESH_RECONCILER_URL).</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        builder.AddGrpcPeer<IntakeService.IntakeServiceClient>(IntakePeer, "http://127.0.0.1:5101");
        builder.AddGrpcPeer<ReconcilerService.ReconcilerServiceClient>(ReconcilerPeer, "http://127.0.0.1:5105");
    }

    // A client per use from the factory (AddGrpcClient's default name is the type's): this class is a singleton.
    private TClient Client<TClient>()
        where TClient : class => clients.CreateClient<TClient>(typeof(TClient).Name);

    private static CallOptions Call(string key, CancellationToken cancellationToken) =>
        new(new Metadata { { "authorization", "Bearer " + key } }, DateTime.UtcNow + Deadline, cancellationToken);

    private static async Task<T?> NullIfNotFound<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
