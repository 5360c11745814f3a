using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.ClientFactory;

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
/// The reconciler's calls to its peers, through typed grpc-dotnet clients from the client factory (registered with
/// <c>AddGrpcPeer</c>: deadline on every call, UNAVAILABLE retried within it, one circuit per peer). Any failure
/// propagates: the caller stores nothing, the message is retried. The rule services, like Intake, admit the
/// reconciler by its operator key.
/// </summary>
internal sealed class PeerChecks(GrpcClientFactory clients, PeerOptions options) : IRuleServices
{
    public async Task<BudgetPackage> FetchPackageAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        var response = await Client<IntakeService.IntakeServiceClient>().GetSubmissionAsync(
            new GetSubmissionRequest { SubmissionId = submissionId.ToString(), Revision = revision, IncludePackage = true },
            Call(options.IntakeDeadline, cancellationToken));
        return response.Package ?? throw new InvalidOperationException($"Intake returned submission {submissionId} revision {revision} without its package.");
    }

    public Task<CheckPackageResponse> CheckClassificationAsync(CheckPackageRequest request, CancellationToken cancellationToken) =>
        Client<ClassificationService.ClassificationServiceClient>().CheckPackageAsync(request, Call(options.CheckDeadline, cancellationToken)).ResponseAsync;

    public Task<CheckThreePublicResponse> CheckThreePublicAsync(CheckThreePublicRequest request, CancellationToken cancellationToken) =>
        Client<ThreePublicExpensesService.ThreePublicExpensesServiceClient>().CheckThreePublicAsync(request, Call(options.CheckDeadline, cancellationToken)).ResponseAsync;

    public Task<CheckTargetsResponse> CheckTargetsAsync(CheckTargetsRequest request, CancellationToken cancellationToken) =>
        Client<PerformanceTargetsService.PerformanceTargetsServiceClient>().CheckTargetsAsync(request, Call(options.CheckDeadline, cancellationToken)).ResponseAsync;

    /// <summary>Registers the typed clients of the four peers (BUDGETMESH_&lt;NAME&gt;_URL, else the local default port).</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        builder.AddGrpcPeer<IntakeService.IntakeServiceClient>(PeerNames.Intake, "http://127.0.0.1:5101");
        builder.AddGrpcPeer<ClassificationService.ClassificationServiceClient>(PeerNames.Classification, "http://127.0.0.1:5102");
        builder.AddGrpcPeer<ThreePublicExpensesService.ThreePublicExpensesServiceClient>(PeerNames.ThreePublic, "http://127.0.0.1:5103");
        builder.AddGrpcPeer<PerformanceTargetsService.PerformanceTargetsServiceClient>(PeerNames.Performance, "http://127.0.0.1:5104");
    }

    // A client per use from the factory (AddGrpcClient's default name is the type's): this class is a singleton.
    private TClient Client<TClient>()
        where TClient : class => clients.CreateClient<TClient>(typeof(TClient).Name);

    private CallOptions Call(TimeSpan deadline, CancellationToken cancellationToken) =>
        new(KeyHeaders(), DateTime.UtcNow + deadline, cancellationToken);

    private Metadata KeyHeaders() => options.IntakeKey is { } key ? new Metadata { { "authorization", $"Bearer {key}" } } : [];
}
