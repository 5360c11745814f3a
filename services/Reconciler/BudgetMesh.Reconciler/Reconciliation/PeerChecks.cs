using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.Grpc;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Reconciler.Reconciliation;

/// <summary>The names of the peer clients (configured by BUDGETMESH_&lt;NAME&gt;_URL).</summary>
internal static class PeerNames
{
    public const string Intake = "intake";
    public const string Classification = "classification";
    public const string ThreePublic = "three-public";
    public const string Performance = "performance";
}

/// <summary>Deadlines of the peer calls and the operator key Intake wants.</summary>
internal sealed record PeerOptions(string? IntakeKey, TimeSpan IntakeDeadline, TimeSpan CheckDeadline)
{
    public const string KeyVariable = "BUDGETMESH_RECONCILER_KEY";

    public static PeerOptions From(IConfiguration configuration) =>
        new(configuration[KeyVariable] is { Length: > 0 } key ? key : null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
}

/// <summary>
/// The reconciler's calls to its peers, through the shared gRPC client (deadline on every call, UNAVAILABLE
/// retried by the client's pipeline). Any failure propagates: the caller stores nothing, the message is retried.
/// The rule services, like Intake, admit the reconciler by its operator key.
/// </summary>
internal sealed class PeerChecks(IGrpcClientFactory clients, PeerOptions options) : IRuleServices
{
    private static readonly MethodDescriptor GetSubmission = Method(IntakeReflection.Descriptor, "IntakeService", "GetSubmission");
    private static readonly MethodDescriptor CheckPackage = Method(ClassificationReflection.Descriptor, "ClassificationService", "CheckPackage");
    private static readonly MethodDescriptor CheckThreePublic = Method(ThreePublicReflection.Descriptor, "ThreePublicExpensesService", "CheckThreePublic");
    private static readonly MethodDescriptor CheckTargets = Method(PerformanceReflection.Descriptor, "PerformanceTargetsService", "CheckTargets");

    public async Task<BudgetPackage> FetchPackageAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        var response = await clients.GetClient(PeerNames.Intake).UnaryAsync<GetSubmissionRequest, GetSubmissionResponse>(
            GetSubmission,
            new GetSubmissionRequest { SubmissionId = submissionId.ToString(), Revision = revision, IncludePackage = true },
            new CallOptions { Timeout = options.IntakeDeadline, Headers = KeyHeaders(), CancellationToken = cancellationToken });
        return response.Package ?? throw new InvalidOperationException($"Intake returned submission {submissionId} revision {revision} without its package.");
    }

    public Task<CheckPackageResponse> CheckClassificationAsync(CheckPackageRequest request, CancellationToken cancellationToken) =>
        clients.GetClient(PeerNames.Classification).UnaryAsync<CheckPackageRequest, CheckPackageResponse>(CheckPackage, request, Check(cancellationToken));

    public Task<CheckThreePublicResponse> CheckThreePublicAsync(CheckThreePublicRequest request, CancellationToken cancellationToken) =>
        clients.GetClient(PeerNames.ThreePublic).UnaryAsync<CheckThreePublicRequest, CheckThreePublicResponse>(CheckThreePublic, request, Check(cancellationToken));

    public Task<CheckTargetsResponse> CheckTargetsAsync(CheckTargetsRequest request, CancellationToken cancellationToken) =>
        clients.GetClient(PeerNames.Performance).UnaryAsync<CheckTargetsRequest, CheckTargetsResponse>(CheckTargets, request, Check(cancellationToken));

    private CallOptions Check(CancellationToken cancellationToken) =>
        new() { Timeout = options.CheckDeadline, Headers = KeyHeaders(), CancellationToken = cancellationToken };

    private Metadata KeyHeaders() => options.IntakeKey is { } key ? new Metadata { { "authorization", $"Bearer {key}" } } : [];

    private static MethodDescriptor Method(FileDescriptor file, string service, string method) =>
        file.Services.Single(s => s.Name == service).FindMethodByName(method)
        ?? throw new InvalidOperationException($"{service}.{method} is not in {file.Name}.");
}
