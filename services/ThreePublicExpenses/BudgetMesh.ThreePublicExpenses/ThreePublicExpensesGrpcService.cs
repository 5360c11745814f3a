using BudgetMesh.Callers;
using System.Text.RegularExpressions;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using BudgetMesh.ThreePublicExpenses.DistrictView;
using BudgetMesh.ThreePublicExpenses.Rules;
using BudgetMesh.Contracts.ThreePublic.V1;

namespace BudgetMesh.ThreePublicExpenses;

/// <summary>
/// The gRPC adapter: validates and maps requests, runs the pure rules and the district view, maps back. Checking
/// records a revision's figures for the district view, so it takes an operator key or the reconciler's service key; the district
/// view and a department's history are read by operators or by that district's own key.
/// </summary>
internal sealed partial class ThreePublicExpensesGrpcService(RevisionStore store) : ThreePublicExpensesService.ThreePublicExpensesServiceBase
{
    [RequiresKey(KeyRole.OperatorOrService)]
    public override async Task<CheckThreePublicResponse> CheckThreePublic(CheckThreePublicRequest request, ServerCallContext context)
    {
        var violations = new List<(string Field, string Description)>();
        ValidateYear(request.BudgetYear, violations);
        var packageUnit = ProtoMapping.Unit(request.PackageUnit);
        if (packageUnit is null)
        {
            violations.Add(("package_unit", "须为元或万元"));
        }

        var identity = ValidateIdentity(request, violations);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument("三公经费校核请求无效。", [.. violations]);
        }

        var department = DepartmentKey(request.DepartmentCode, request.DepartmentName);
        var recordedPrior = identity is null ? null
            : CountedFigures.Of(await store.DepartmentYearAsync(request.DistrictCode, department, request.BudgetYear - 1, context.CancellationToken), department, request.BudgetYear - 1);
        var input = ProtoMapping.ToInput(request, packageUnit!.Value, recordedPrior);
        var response = new CheckThreePublicResponse();
        response.Results.AddRange(ThreePublicChecks.Run(input));

        var figures = input.Table is { } table ? (table.DeclaredEmpty ? ThreePublicAmounts.Zero : table.Current.ToAmounts(table.Unit)) : null;
        if (identity is { } submissionId && figures is not null)
        {
            var priorTotal = input.Table!.Prior?.ToAmounts(input.Table.Unit)?.Total;
            await store.RecordAsync(
                new RecordedRevision(submissionId, request.Revision, request.DistrictCode, department, request.DepartmentName, request.UnitCode, request.BudgetYear, figures, priorTotal),
                context.CancellationToken);
            response.Recorded = true;
            response.RecordedFigures = ProtoMapping.ToFigures(figures);
        }

        return response;
    }

    [RequiresKey]
    public override async Task<GetDistrictViewResponse> GetDistrictView(GetDistrictViewRequest request, ServerCallContext context)
    {
        var violations = new List<(string Field, string Description)>();
        ValidateDistrict(request.DistrictCode, violations);
        ValidateYear(request.BudgetYear, violations);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument("区县三公对比请求无效。", [.. violations]);
        }

        context.RequireOperatorOrDistrict(request.DistrictCode);

        var view = CountedFigures.District(await store.DistrictAsync(request.DistrictCode, context.CancellationToken), request.BudgetYear);
        var response = new GetDistrictViewResponse
        {
            Totals = ProtoMapping.ToFigures(view.Totals),
            PriorYearTotal = view.PriorYearTotal is { } prior ? Units.Format(prior) : string.Empty,
            Change = view.Change is { } change ? Units.Format(change) : string.Empty,
        };
        response.Departments.AddRange(view.Departments.Select(DistrictViewMapping.ToProto));
        response.Uncounted.AddRange(view.Uncounted.Select(DistrictViewMapping.ToProto));
        return response;
    }

    [RequiresKey]
    public override async Task<GetDepartmentHistoryResponse> GetDepartmentHistory(GetDepartmentHistoryRequest request, ServerCallContext context)
    {
        var violations = new List<(string Field, string Description)>();
        ValidateDistrict(request.DistrictCode, violations);
        if (!Digits().IsMatch(request.DepartmentCode) && !NameKey().IsMatch(request.DepartmentCode))
        {
            violations.Add(("department_code", "须为部门代码（仅数字），或对不印代码的部门写“name:”加印出的部门名称"));
        }

        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument("部门三公历年数据请求无效。", [.. violations]);
        }

        context.RequireOperatorOrDistrict(request.DistrictCode);

        var history = CountedFigures.History(await store.DistrictAsync(request.DistrictCode, context.CancellationToken), request.DepartmentCode);
        if (history.Count == 0)
        {
            throw RpcErrors.Status(StatusCode.NotFound, $"区县 {request.DistrictCode} 的部门 {request.DepartmentCode} 没有已批准的三公经费数据。");
        }

        var response = new GetDepartmentHistoryResponse();
        response.Years.AddRange(history.Select(DistrictViewMapping.ToProto));
        return response;
    }

    private static Guid? ValidateIdentity(CheckThreePublicRequest request, List<(string Field, string Description)> violations)
    {
        if (request.SubmissionId.Length == 0)
        {
            if (request.Revision != 0 || request.DistrictCode.Length > 0 || request.DepartmentCode.Length > 0 || request.UnitCode.Length > 0)
            {
                violations.Add(("submission_id", "给出修订版本、区划代码、部门代码或单位代码时须同时给出报送编号"));
            }

            return null;
        }

        if (!Guid.TryParse(request.SubmissionId, out var submissionId))
        {
            violations.Add(("submission_id", "须为UUID"));
        }

        if (request.Revision < 1)
        {
            violations.Add(("revision", "给出报送编号时修订版本须≥1"));
        }

        ValidateDistrict(request.DistrictCode, violations);
        if (request.DepartmentCode.Length > 0 && !Digits().IsMatch(request.DepartmentCode))
        {
            violations.Add(("department_code", "须为部门代码（仅数字），文件未印代码时留空"));
        }

        if (request.UnitCode.Length > 0 && !Digits().IsMatch(request.UnitCode))
        {
            violations.Add(("unit_code", "须为预算单位代码（仅数字），文件未印代码时留空"));
        }

        if (string.IsNullOrWhiteSpace(request.DepartmentName))
        {
            violations.Add(("department_name", "给出报送编号时须填写部门名称"));
        }
        else if (RequestText.Problem(request.DepartmentName, 200) is { } problem)
        {
            violations.Add(("department_name", problem));
        }

        return submissionId;
    }

    private static void ValidateDistrict(string districtCode, List<(string Field, string Description)> violations)
    {
        if (!DistrictCode().IsMatch(districtCode))
        {
            violations.Add(("district_code", "须为6位区划代码，如 500107"));
        }
    }

    private static void ValidateYear(int year, List<(string Field, string Description)> violations)
    {
        if (year is < 2000 or > 2100)
        {
            violations.Add(("budget_year", "须为2000至2100之间的预算年度"));
        }
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex DistrictCode();

    /// <summary>
    /// A department's identity in the district view: its code, or — where the document prints none, as Shanghai's do
    /// (Intake accepts those, see its SubmissionKey) — "name:" and the printed name, so two code-less departments of
    /// one district never merge and a name never equals a code.
    /// </summary>
    internal static string DepartmentKey(string code, string name) => code.Length > 0 ? code : "name:" + name.Trim();

    [GeneratedRegex(@"^\d{1,32}$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^name:\S.{0,199}$")]
    private static partial Regex NameKey();
}
