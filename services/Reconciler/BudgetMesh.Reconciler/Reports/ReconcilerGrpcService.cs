using BudgetMesh.Callers;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Checking;
using BudgetMesh.Reconciler.Export;
using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.Reconciler.Reports;

/// <summary>
/// gRPC adapter of the report queries (a report is readable by whoever may read its submission) and of checking a
/// package without submitting it. Who may call is decided before each method: <see cref="SubmissionReaderAttribute"/>
/// for a report, <see cref="RequiresKeyAttribute"/> for a check.
/// </summary>
internal sealed class ReconcilerGrpcService(ReportStore reports, RuleCatalog.RuleCatalog catalog, CheckWithoutSubmitting check)
    : ReconcilerService.ReconcilerServiceBase
{
    /// <summary>Operators and admins check any package; a district key only its own district's.</summary>
    [RequiresKey]
    public override Task<CheckPackageResponse> CheckPackage(CheckPackageRequest request, ServerCallContext context)
    {
        context.RequireOperatorOrDistrict(request.Package?.Header?.DistrictCode ?? string.Empty);
        return check.HandleAsync(request, context.CancellationToken);
    }

    [SubmissionReader]
    public override async Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context) =>
        new() { Report = await LoadAsync(request.SubmissionId, request.Revision, context) };

    [SubmissionReader]
    public override async Task<ListFindingsResponse> ListFindings(ListFindingsRequest request, ServerCallContext context)
    {
        var report = await LoadAsync(request.SubmissionId, request.Revision, context);
        var response = new ListFindingsResponse();
        response.Findings.AddRange(FindingFilter.Apply(report, request.Severities, request.RuleIds, request.Tables));
        return response;
    }

    [SubmissionReader]
    public override async Task<ExportReportResponse> ExportReport(ExportReportRequest request, ServerCallContext context)
    {
        if (request.Format == ExportFormat.Unspecified)
        {
            throw RpcErrors.InvalidArgument("请选择导出格式。", ("format", "须为 SARIF 或 CSV"));
        }

        var report = await LoadAsync(request.SubmissionId, request.Revision, context);
        return request.Format == ExportFormat.Sarif
            ? new ExportReportResponse { ContentType = SarifExport.ContentType, Content = ByteString.CopyFrom(SarifExport.Write(report, catalog)) }
            : new ExportReportResponse { ContentType = CsvExport.ContentType, Content = ByteString.CopyFrom(CsvExport.Write(report)) };
    }

    private async Task<Report> LoadAsync(string submissionId, int revision, ServerCallContext context)
    {
        if (!Guid.TryParse(submissionId, out var id))
        {
            throw RpcErrors.InvalidArgument("报送编号无效。", ("submission_id", "须为UUID"));
        }

        if (revision < 0)
        {
            throw RpcErrors.InvalidArgument("修订版本无效。", ("revision", "须为0（最新版本）或修订版本号"));
        }

        return await reports.FindAsync(id, revision, context.CancellationToken)
            ?? throw RpcErrors.Status(StatusCode.NotFound, revision == 0 ? $"报送{id}还没有校核报告。" : $"报送{id}第{revision}版没有校核报告。");
    }
}

/// <summary>The ListFindings filters: an empty list means "all".</summary>
internal static class FindingFilter
{
    public static IEnumerable<Finding> Apply(Report report, ICollection<Severity> severities, ICollection<string> ruleIds, ICollection<TableKey> tables) =>
        report.Results.SelectMany(r => r.Findings).Where(f =>
            (severities.Count == 0 || severities.Contains(f.Severity))
            && (ruleIds.Count == 0 || ruleIds.Contains(f.RuleId))
            && (tables.Count == 0 || f.Locations.Any(l => tables.Contains(l.Table))));
}
