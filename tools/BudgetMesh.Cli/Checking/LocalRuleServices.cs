using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Rules;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.PerformanceTargets.Checking;
using BudgetMesh.PerformanceTargets.Rules;
using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.ThreePublicExpenses;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.Cli.Checking;

/// <summary>
/// The rule services reached in process for `budgetmesh check --local`: the same request mapping, rules and result
/// mapping their gRPC adapters call, without a key, a network or a database. Classification judges with its built-in
/// catalogs (a catalog an operator imported into a running suite is not known here); the 三公 service is given no
/// submission, so it has no recorded prior year, exactly as for a check against the running suite.
/// </summary>
internal sealed class LocalRuleServices : IRuleServices
{
    private readonly Lazy<BuiltInCatalogs> _catalogs = new(BuiltInCatalogs.Load);

    public Task<CheckPackageResponse> CheckClassificationAsync(CheckPackageRequest request, CancellationToken cancellationToken)
    {
        var year = request.Package.Header.BudgetYear;
        var content = _catalogs.Value.For(year)
            ?? throw new LocalCheckException($"没有 {year} 年度的内置分类目录：--local 只用内置目录，请对运行中的 BudgetMesh 校核（可导入该年度目录）。");
        var catalog = Catalog.Build(content);
        var response = new CheckPackageResponse { CatalogVersion = catalog.Version };
        response.Results.AddRange(ClassificationRules.Check(request.Package, catalog));
        return Task.FromResult(response);
    }

    public Task<CheckThreePublicResponse> CheckThreePublicAsync(CheckThreePublicRequest request, CancellationToken cancellationToken)
    {
        var unit = ProtoMapping.Unit(request.PackageUnit) ?? throw new LocalCheckException("package.header.amount_unit：须为元或万元");
        var response = new CheckThreePublicResponse();
        response.Results.AddRange(ThreePublicChecks.Run(ProtoMapping.ToInput(request, unit, recordedPrior: null)));
        return Task.FromResult(response);
    }

    public Task<CheckTargetsResponse> CheckTargetsAsync(CheckTargetsRequest request, CancellationToken cancellationToken)
    {
        var violations = RequestMapping.Validate(request);
        if (violations.Count > 0)
        {
            throw new LocalCheckException("绩效目标无法检查：" + string.Join("；", violations.Select(v => $"{v.Field}：{v.Description}")));
        }

        var response = new CheckTargetsResponse();
        response.Results.AddRange(TargetsChecker.Check(RequestMapping.ToInput(request)));
        return Task.FromResult(response);
    }
}

/// <summary>A package the local rules refuse, as a service would with INVALID_ARGUMENT or FAILED_PRECONDITION.</summary>
internal sealed class LocalCheckException(string message) : Exception(message);
