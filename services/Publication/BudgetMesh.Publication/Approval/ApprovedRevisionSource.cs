using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Grpc;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Publication.Approval;

/// <summary>The approved revision (Intake) and its report (Reconciler); null where the owner says it has none.</summary>
internal sealed record ApprovedRevision(GetSubmissionResponse? Submission, Report? Report);

/// <summary>
/// Reads what was approved from the services that own it. Only NOT_FOUND becomes "none" (the gate then refuses);
/// every other failure is thrown, so the consumer's retry (and, past it, the error queue) keeps the event.
/// </summary>
internal sealed class ApprovedRevisionSource(IGrpcClientFactory clients, PublicationSettings settings)
{
    public const string IntakePeer = "intake";
    public const string ReconcilerPeer = "reconciler";

    private static readonly MethodDescriptor GetSubmission = IntakeReflection.Descriptor.Services[0].FindMethodByName("GetSubmission");
    private static readonly MethodDescriptor GetReport = ReconcilerReflection.Descriptor.Services[0].FindMethodByName("GetReport");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public async Task<ApprovedRevision> FetchAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        var key = settings.OperatorKey ?? throw new InvalidOperationException(
            $"publication: set {PublicationSettings.KeyVariable} to an Intake operator key, it is needed to read approved revisions.");
        var submission = await NullIfNotFound(() => clients.GetClient(IntakePeer).UnaryAsync<GetSubmissionRequest, GetSubmissionResponse>(
            GetSubmission,
            new GetSubmissionRequest { SubmissionId = submissionId.ToString(), Revision = revision, IncludePackage = true },
            new CallOptions { Timeout = Deadline, CancellationToken = cancellationToken, Headers = new Metadata { { "authorization", "Bearer " + key } } }));
        var report = await NullIfNotFound(() => clients.GetClient(ReconcilerPeer).UnaryAsync<GetReportRequest, GetReportResponse>(
            GetReport,
            new GetReportRequest { SubmissionId = submissionId.ToString(), Revision = revision },
            new CallOptions { Timeout = Deadline, CancellationToken = cancellationToken, Headers = new Metadata { { "authorization", "Bearer " + key } } }));
        return new ApprovedRevision(submission, report?.Report);
    }

    private static async Task<T?> NullIfNotFound<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (GrpcStatusException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
