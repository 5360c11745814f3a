using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.Report.V1;
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

/// <summary>What the rule services said about a package.</summary>
internal sealed record ServiceResults(IReadOnlyList<RuleResult> Results, string ClassificationCatalogVersion);

/// <summary>
/// The reconciler's calls to its peers, through the shared gRPC client (deadline on every call, UNAVAILABLE
/// retried by the client's pipeline). Any failure propagates: the caller stores nothing, the message is retried.
/// </summary>
internal sealed class PeerChecks(IGrpcClientFactory clients, PeerOptions options)
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

    private Metadata KeyHeaders() => options.IntakeKey is { } key ? new Metadata { { "authorization", $"Bearer {key}" } } : [];

    /// <summary>Classification, ThreePublicExpenses and PerformanceTargets in parallel; all three or an exception.</summary>
    public async Task<ServiceResults> CheckAsync(BudgetSubmitted submitted, BudgetPackage package, CancellationToken cancellationToken)
    {
        // The rule services, like Intake, admit the reconciler by its operator key.
        var call = new CallOptions { Timeout = options.CheckDeadline, Headers = KeyHeaders(), CancellationToken = cancellationToken };
        var classification = clients.GetClient(PeerNames.Classification).UnaryAsync<CheckPackageRequest, CheckPackageResponse>(
            CheckPackage, new CheckPackageRequest { Package = package }, call);
        var threePublic = clients.GetClient(PeerNames.ThreePublic).UnaryAsync<CheckThreePublicRequest, CheckThreePublicResponse>(
            CheckThreePublic, ThreePublicRequest(submitted, package), call);
        var performance = clients.GetClient(PeerNames.Performance).UnaryAsync<CheckTargetsRequest, CheckTargetsResponse>(
            CheckTargets, PerformanceRequest(package), call);
        await Task.WhenAll(classification, threePublic, performance);

        var results = new List<RuleResult>();
        results.AddRange(WithOwner((await classification).Results, "classification"));
        results.AddRange(WithOwner((await threePublic).Results, "three-public"));
        results.AddRange(WithOwner((await performance).Results, "performance"));
        return new ServiceResults(results, (await classification).CatalogVersion);
    }

    internal static CheckThreePublicRequest ThreePublicRequest(BudgetSubmitted submitted, BudgetPackage package)
    {
        var header = package.Header ?? new PackageHeader();
        var request = new CheckThreePublicRequest
        {
            BudgetYear = header.BudgetYear,
            Narrative = package.Narrative ?? new Contracts.Budget.V1.Narrative(),
            PackageUnit = header.AmountUnit,
            SubmissionId = submitted.SubmissionId.ToString(),
            Revision = submitted.Revision,
            DistrictCode = header.DistrictCode,
            DepartmentCode = header.DepartmentCode,
            DepartmentName = header.DepartmentName,
            UnitCode = header.UnitCode,
        };
        if (package.Tables?.Sg is { } sg)
        {
            request.Table = sg;
        }

        if (package.Tables?.Jb is { } jb)
        {
            request.BasicExpenditure = jb;
        }

        return request;
    }

    internal static CheckTargetsRequest PerformanceRequest(BudgetPackage package)
    {
        var header = package.Header ?? new PackageHeader();
        var request = new CheckTargetsRequest
        {
            BudgetYear = header.BudgetYear,
            Narrative = package.Narrative ?? new Contracts.Budget.V1.Narrative(),
            PackageUnit = header.AmountUnit,
            ProjectExpenditureTotal = ProjectTotal(package),
            DistrictCode = header.DistrictCode,
        };
        if (package.Tables?.Zt is { } zt)
        {
            request.Overall = zt;
        }

        if (package.Tables?.Xm is { } xm)
        {
            request.ProjectList = xm;
        }

        if (package.Tables is { } tables)
        {
            request.Projects.AddRange(tables.Xj);
        }

        return request;
    }

    /// <summary>GF's project total in the package unit, as the performance contract asks; empty when unknown.</summary>
    private static string ProjectTotal(BudgetPackage package)
    {
        var gf = package.Tables?.Gf;
        if (gf?.TotalRow is not { HasProject: true } total)
        {
            return string.Empty;
        }

        var amount = Numbers.Amount.Parse(total.Project);
        var packageUnit = package.Header?.AmountUnit ?? AmountUnit.Unspecified;
        var tableUnit = gf.Meta?.Unit ?? packageUnit;
        return amount.IsNumber && tableUnit != packageUnit && tableUnit != AmountUnit.Unspecified && packageUnit != AmountUnit.Unspecified
            ? Rules.RuleRun.Fmt(Numbers.Units.Convert(amount.Value, tableUnit, packageUnit))
            : total.Project;
    }

    private static IEnumerable<RuleResult> WithOwner(IEnumerable<RuleResult> results, string owner) =>
        results.Select(r =>
        {
            if (r.Owner.Length == 0)
            {
                r.Owner = owner;
            }

            return r;
        });

    private static MethodDescriptor Method(FileDescriptor file, string service, string method) =>
        file.Services.Single(s => s.Name == service).FindMethodByName(method)
        ?? throw new InvalidOperationException($"{service}.{method} is not in {file.Name}.");
}
