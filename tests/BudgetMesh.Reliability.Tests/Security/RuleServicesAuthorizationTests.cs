using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.Reliability.Tests.Harness;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>
/// Every rpc of the three rule services × every kind of caller, deployed, keys checked through the real Intake.
/// Checking takes an operator key or a service key (the reconciler's), importing an operator key; the district view and a
/// department's history an operator's, a service's or that district's own key; the catalog queries answer anyone, the catalogs being the
/// Ministry of Finance's published reference data.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RuleServicesAuthorizationTests(PipelineFixture fixture)
{
    private const string OwnDistrict = "500107";

    private static readonly string[] Gated = ["Classification.ImportCatalog", "Classification.CheckPackage", "ThreePublicExpenses.CheckThreePublic", "ThreePublicExpenses.GetDistrictView", "ThreePublicExpenses.GetDepartmentHistory", "PerformanceTargets.CheckTargets"];
    private static readonly string[] Public = ["Classification.ValidateLines", "Classification.LookupCode", "Classification.ListChildren", "Classification.MapEconomicCode", "Classification.DescribeCatalog"];

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var rpc in Gated.Concat(Public))
        {
            foreach (var caller in new[] { "anonymous", "malformed", "unknown", "revoked operator", "own district", "other district", "operator", "admin", "service" })
            {
                data.Add(rpc, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_rule_service_rpc_admits_exactly_the_callers_its_rule_names(string rpc, string caller)
    {
        var deployment = fixture.Deployment;
        var key = caller switch
        {
            "own district" => deployment.DistrictKeys[OwnDistrict],
            "other district" => deployment.DistrictKeys.First(d => d.Key != OwnDistrict).Value,
            _ => await Callers.KeyOfAsync(deployment, caller),
        };

        var status = await StatusOfAsync(rpc, key);

        // Past the check the request itself is judged (an empty package is INVALID_ARGUMENT, an unknown department NOT_FOUND).
        StatusCode[] admitted = [StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound];
        var districtRead = rpc is "ThreePublicExpenses.GetDistrictView" or "ThreePublicExpenses.GetDepartmentHistory";
        var expected = (Public.Contains(rpc), caller) switch
        {
            (true, _) => admitted,
            (_, "anonymous" or "malformed" or "unknown" or "revoked operator") => [StatusCode.Unauthenticated],
            (_, "operator" or "admin") => admitted,
            (_, "service") when rpc != "Classification.ImportCatalog" => admitted,
            (_, "own district") when districtRead => admitted,
            _ => [StatusCode.PermissionDenied],
        };
        Assert.Contains(status, expected);
        Measurements.Record("Authorization matrix: rule services", $"{Gated.Length + Public.Length} rpcs × 9 callers (anonymous, malformed, unknown, revoked operator, own district, other district, operator, admin, service)",
            "pass", "check rpcs: operator, admin or service; import: operator or admin only (district, service → PERMISSION_DENIED; bad keys → UNAUTHENTICATED); district view and history: operator, admin, service or that district; catalog queries: anyone");
    }

    private async Task<StatusCode> StatusOfAsync(string rpc, string? key)
    {
        var (service, method) = (rpc.Split('.')[0], rpc.Split('.')[1]);
        using var channel = fixture.Deployment.Client(service);
        var classification = new ClassificationService.ClassificationServiceClient(channel.CallInvoker);
        var threePublic = new ThreePublicExpensesService.ThreePublicExpensesServiceClient(channel.CallInvoker);
        var performance = new PerformanceTargetsService.PerformanceTargetsServiceClient(channel.CallInvoker);
        var call = Callers.Call(key);
        try
        {
            _ = method switch
            {
                "ImportCatalog" => (IMessage)await classification.ImportCatalogAsync(new ImportCatalogRequest { BudgetYear = 2031, Scheme = Scheme.Function, Partial = true, Csv = ByteString.CopyFromUtf8("code,name,level,parent_code\n") }, call),
                "CheckPackage" => await classification.CheckPackageAsync(new CheckPackageRequest(), call),
                "ValidateLines" => await classification.ValidateLinesAsync(new ValidateLinesRequest { BudgetYear = 2025 }, call),
                "LookupCode" => await classification.LookupCodeAsync(new LookupCodeRequest { BudgetYear = 2025, Scheme = Scheme.Function, Code = "201" }, call),
                "ListChildren" => await classification.ListChildrenAsync(new ListChildrenRequest { BudgetYear = 2025, Scheme = Scheme.Function, ParentCode = "201" }, call),
                "MapEconomicCode" => await classification.MapEconomicCodeAsync(new MapEconomicCodeRequest { BudgetYear = 2025, DepartmentCode = "30101" }, call),
                "DescribeCatalog" => await classification.DescribeCatalogAsync(new DescribeCatalogRequest { BudgetYear = 2025 }, call),
                "CheckThreePublic" => await threePublic.CheckThreePublicAsync(new CheckThreePublicRequest { BudgetYear = 2025, PackageUnit = Contracts.Budget.V1.AmountUnit.TenThousandYuan }, call),
                "GetDistrictView" => await threePublic.GetDistrictViewAsync(new GetDistrictViewRequest { DistrictCode = OwnDistrict, BudgetYear = 2025 }, call),
                "GetDepartmentHistory" => await threePublic.GetDepartmentHistoryAsync(new GetDepartmentHistoryRequest { DistrictCode = OwnDistrict, DepartmentCode = "999" }, call),
                "CheckTargets" => await performance.CheckTargetsAsync(new CheckTargetsRequest { BudgetYear = 2025 }, call),
                _ => throw new ArgumentOutOfRangeException(nameof(rpc)),
            };
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }

}
