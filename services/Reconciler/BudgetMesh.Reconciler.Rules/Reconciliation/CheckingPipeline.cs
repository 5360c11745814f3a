using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.ThreePublic.V1;

namespace BudgetMesh.Reconciler.Reconciliation;

/// <summary>
/// How the pipeline reaches the three rule services: over gRPC in the Reconciler (PeerChecks), in process in
/// `budgetmesh check --local`. Same requests, same responses; a refusal is an exception.
/// </summary>
internal interface IRuleServices
{
    Task<CheckPackageResponse> CheckClassificationAsync(CheckPackageRequest request, CancellationToken cancellationToken);

    Task<CheckThreePublicResponse> CheckThreePublicAsync(CheckThreePublicRequest request, CancellationToken cancellationToken);

    Task<CheckTargetsResponse> CheckTargetsAsync(CheckTargetsRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// The whole check of one package, the one place it is composed: Classification, ThreePublicExpenses and
/// PerformanceTargets in parallel, the reconciler's own rules in process, one report in catalog order. Used for a
/// submitted revision, for a check that stores nothing, and by `budgetmesh check --local`.
/// </summary>
internal sealed class CheckingPipeline(IRuleServices services, ReconciliationEngine engine)
{
    /// <summary>
    /// The report of <paramref name="package"/>. When <paramref name="subject"/> names a submission, the 三公
    /// service records the revision's figures for its district view; without one, nothing is recorded anywhere.
    /// </summary>
    public async Task<Report> CheckAsync(BudgetPackage package, ReportSubject subject, CancellationToken cancellationToken)
    {
        var classification = services.CheckClassificationAsync(new CheckPackageRequest { Package = package }, cancellationToken);
        var threePublic = services.CheckThreePublicAsync(ThreePublicRequest(subject, package), cancellationToken);
        var performance = services.CheckTargetsAsync(PerformanceRequest(package), cancellationToken);
        await Task.WhenAll(classification, threePublic, performance);

        var results = new List<RuleResult>(ReconciliationEngine.RunInProcess(package));
        results.AddRange(WithOwner((await classification).Results, "classification"));
        results.AddRange(WithOwner((await threePublic).Results, "three-public"));
        results.AddRange(WithOwner((await performance).Results, "performance"));
        return engine.Compose(subject with { ClassificationCatalogVersion = (await classification).CatalogVersion }, results);
    }

    /// <summary>What every rule service needs to run at all; everything else is the rules' to judge.</summary>
    public static List<(string Field, string Description)> Validate(BudgetPackage? package)
    {
        var violations = new List<(string, string)>();
        if (package is null)
        {
            violations.Add(("package", "必须提供预算包"));
            return violations;
        }

        if (package.Header is not { } header)
        {
            violations.Add(("package.header", "必须提供包头（预算年度、金额单位等）"));
            return violations;
        }

        if (header.BudgetYear is < 2000 or > 2100)
        {
            violations.Add(("package.header.budget_year", $"须为 2000–2100 之间的预算年度，收到 {header.BudgetYear}"));
        }

        if (header.AmountUnit is not (AmountUnit.Yuan or AmountUnit.TenThousandYuan))
        {
            violations.Add(("package.header.amount_unit", "须为 AMOUNT_UNIT_YUAN 或 AMOUNT_UNIT_TEN_THOUSAND_YUAN"));
        }

        return violations;
    }

    internal static CheckThreePublicRequest ThreePublicRequest(ReportSubject subject, BudgetPackage package)
    {
        var header = package.Header ?? new PackageHeader();
        var request = new CheckThreePublicRequest
        {
            BudgetYear = header.BudgetYear,
            Narrative = package.Narrative ?? new Contracts.Budget.V1.Narrative(),
            PackageUnit = header.AmountUnit,
        };
        if (subject.SubmissionId is { } submissionId)
        {
            request.SubmissionId = submissionId.ToString();
            request.Revision = subject.Revision;
            request.DistrictCode = header.DistrictCode;
            request.DepartmentCode = header.DepartmentCode;
            request.DepartmentName = header.DepartmentName;
            request.UnitCode = header.UnitCode;
        }

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
            ? Rules.Comparisons.Fmt(Numbers.Units.Convert(amount.Value, tableUnit, packageUnit))
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
}
