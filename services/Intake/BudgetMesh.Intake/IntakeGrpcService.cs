using System.Diagnostics;
using System.Globalization;
using BudgetMesh.Contracts.Budget;
using BudgetMesh.Callers;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Intake.Approval;
using BudgetMesh.Intake.Audit;
using BudgetMesh.Intake.Keys;
using BudgetMesh.Intake.Review;
using BudgetMesh.Intake.Status;
using BudgetMesh.Intake.Submission;
using BudgetMesh.Intake.Validation;
using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace BudgetMesh.Intake;

/// <summary>
/// gRPC adapter of `budgetmesh.intake.v1.IntakeService`: every rpc takes a key (checked before the method by
/// <see cref="RequiresKeyAttribute"/>); check the request, authorize by <see cref="Access"/>, call the handler, map its
/// outcome to a deliberate status.
/// </summary>
[RequiresKey]
internal sealed class IntakeGrpcService(
    IntakeLimits limits,
    SubmitPackageHandler submit,
    SubmissionReader reader,
    ApprovalHandler approval,
    WatchSubmissionHandler watch,
    AuditLog audit,
    ReviewMarks marks,
    KeyStore keys) : IntakeService.IntakeServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    public override async Task<SubmitPackageResponse> SubmitPackage(SubmitPackageRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        if (caller.Kind != KeyKind.District)
        {
            Demand(caller, Operation.Submit, null);
        }

        var violations = PackageValidator.Validate(request.Package, limits);
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(
                $"预算公开包结构有{violations.Count}处问题",
                [.. violations.Select(v => (v.Field, v.Description))]);
        }

        Demand(caller, Operation.Submit, request.Package.Header.DistrictCode);
        return await submit.HandleAsync(caller, request.Package, context.CancellationToken);
    }

    public override async Task<GetSubmissionResponse> GetSubmission(GetSubmissionRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        var id = ParseId(request.SubmissionId, "submission_id");
        var summary = await ReadableSummaryAsync(caller, id, context.CancellationToken);
        var revision = request.Revision == 0 ? summary.LatestRevision : request.Revision;
        var stored = await reader.GetRevisionAsync(id, revision, context.CancellationToken)
            ?? throw RpcErrors.Status(StatusCode.NotFound, $"没有修订版本{revision}");

        var response = new GetSubmissionResponse { Summary = summary, Receipt = stored.Receipt };
        if (request.IncludePackage)
        {
            response.Package = stored.Package();
        }

        response.History.AddRange((await reader.HistoryAsync(id, null, 0, context.CancellationToken)).Select(h => h.Change));
        return response;
    }

    public override async Task<ListSubmissionsResponse> ListSubmissions(ListSubmissionsRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        var district = RequestText.Optional(request.DistrictCode, "district_code", 6) ?? (caller.Kind == KeyKind.District ? caller.DistrictCode : null);
        if (district is not null)
        {
            Demand(caller, Operation.Read, district);
        }

        var pageSize = PageSize(request.PageSize);
        var offset = 0;
        if (request.PageToken.Length > 0 && (!int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw RpcErrors.InvalidArgument("分页标记无效", ("page_token", "不是本服务给出的分页标记"));
        }

        RevisionStatus? status = request.Status == SubmissionStatus.Unspecified ? null
            : RevisionStatusNames.FromProto(request.Status) ?? throw RpcErrors.InvalidArgument("状态无效", ("status", "未知的状态"));
        bool? reviewed = request.Reviewed switch
        {
            ReviewedFilter.Unspecified => null,
            ReviewedFilter.Reviewed => true,
            ReviewedFilter.NotReviewed => false,
            _ => throw RpcErrors.InvalidArgument("审阅筛选无效", ("reviewed", $"未知的取值{(int)request.Reviewed}，只能是不限、已审阅或未审阅")),
        };
        var filter = new SubmissionFilter(district, request.BudgetYear, RequestText.Optional(request.DepartmentCode, "department_code", 64), status, RequestText.Optional(request.Query, "query", 200), offset, pageSize + 1,
            reviewed, RequestText.Optional(request.Assignee, "assignee", 200));
        var page = await reader.ListAsync(filter, context.CancellationToken);

        var response = new ListSubmissionsResponse();
        response.Submissions.AddRange(page.Take(pageSize));
        response.NextPageToken = page.Count > pageSize ? (offset + pageSize).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return response;
    }

    public override async Task WatchSubmission(WatchSubmissionRequest request, IServerStreamWriter<WatchSubmissionResponse> responses, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        var id = ParseId(request.SubmissionId, "submission_id");
        var summary = await ReadableSummaryAsync(caller, id, context.CancellationToken);
        var revision = request.Revision == 0 ? summary.LatestRevision : request.Revision;
        if (revision < 0 || revision > summary.LatestRevision)
        {
            throw RpcErrors.Status(StatusCode.NotFound, $"没有修订版本{revision}");
        }

        await watch.RunAsync(id, revision, responses, context.CancellationToken);
    }

    public override async Task<ApproveRevisionResponse> ApproveRevision(ApproveRevisionRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        Demand(caller, Operation.Approve, null);
        var id = ParseId(request.SubmissionId, "submission_id");
        RequireRevision(request.Revision);
        if (request.ContentHash.Length == 0)
        {
            throw RpcErrors.InvalidArgument("缺少内容哈希", ("content_hash", "必须填写所审阅版本的内容哈希"));
        }

        var outcome = await approval.ApproveAsync(caller, id, request.Revision, request.ContentHash, RequestText.Optional(request.OverrideReason, "override_reason"), RequestText.Optional(request.Comment, "comment"), context.CancellationToken);
        return new ApproveRevisionResponse { Receipt = Receipt(outcome, id, request.Revision) };
    }

    public override async Task<ReturnRevisionResponse> ReturnRevision(ReturnRevisionRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        Demand(caller, Operation.Return, null);
        var id = ParseId(request.SubmissionId, "submission_id");
        RequireRevision(request.Revision);
        var comment = RequestText.Required(request.Comment, "comment", "退回必须填写意见");
        var outcome = await approval.ReturnAsync(caller, id, request.Revision, comment, context.CancellationToken);
        return new ReturnRevisionResponse { Receipt = Receipt(outcome, id, request.Revision) };
    }

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        Guid? id = null;
        if (request.SubmissionId.Length == 0)
        {
            Demand(caller, Operation.ReadAllAudit, null);
        }
        else
        {
            id = ParseId(request.SubmissionId, "submission_id");
            await ReadableSummaryAsync(caller, id.Value, context.CancellationToken);
        }

        var pageSize = PageSize(request.PageSize);
        long after = 0;
        if (request.PageToken.Length > 0 && (!long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            throw RpcErrors.InvalidArgument("分页标记无效", ("page_token", "不是本服务给出的分页标记"));
        }

        var rows = await audit.ListAsync(id, after, pageSize + 1, context.CancellationToken);
        var response = new ListAuditEntriesResponse();
        response.Entries.AddRange(rows.Take(pageSize).Select(r => new AuditEntry
        {
            At = Timestamp.FromDateTimeOffset(r.At),
            Actor = r.Actor,
            Action = r.Action,
            SubmissionId = r.SubmissionId?.ToString() ?? string.Empty,
            Revision = r.Revision ?? 0,
            Reason = r.Reason ?? string.Empty,
        }));
        response.NextPageToken = rows.Count > pageSize ? rows[pageSize - 1].Id.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return response;
    }

    public override async Task<MarkReviewedResponse> MarkReviewed(MarkReviewedRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        Demand(caller, Operation.Review, null);
        var id = ParseId(request.SubmissionId, "submission_id");
        RequireRevision(request.Revision);
        var outcome = await marks.MarkReviewedAsync(caller, id, request.Revision, request.Reviewed, context.CancellationToken);
        return new MarkReviewedResponse { Summary = await SummaryAfterAsync(outcome, id, request.Revision, context.CancellationToken) };
    }

    public override async Task<AssignSubmissionResponse> AssignSubmission(AssignSubmissionRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        Demand(caller, Operation.Review, null);
        var id = ParseId(request.SubmissionId, "submission_id");
        var assignee = RequestText.Optional(request.Assignee, "assignee", 200);
        if (assignee is not null && !(await AssigneesAsync(context.CancellationToken)).Contains(assignee, StringComparer.Ordinal))
        {
            throw RpcErrors.InvalidArgument("分派对象无效", ("assignee", $"“{assignee}”不是在用的操作员密钥名称"));
        }

        var outcome = await marks.AssignAsync(caller, id, assignee, context.CancellationToken);
        return new AssignSubmissionResponse { Summary = await SummaryAfterAsync(outcome, id, 0, context.CancellationToken) };
    }

    public override async Task<ListAssigneesResponse> ListAssignees(ListAssigneesRequest request, ServerCallContext context)
    {
        Demand(IntakeKeyVerifier.CallerOf(context), Operation.Review, null);
        var response = new ListAssigneesResponse();
        response.Names.AddRange(await AssigneesAsync(context.CancellationToken));
        return response;
    }

    // The names of the active operator keys (an admin key is for managing keys, not for reviewing).
    private async Task<IReadOnlyList<string>> AssigneesAsync(CancellationToken cancellationToken) =>
        [.. (await keys.ListAsync(includeRevoked: false, cancellationToken)).Where(k => k.Kind == KeyKind.Operator)
            .Select(k => k.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private async Task<SubmissionSummary> SummaryAfterAsync(MarkOutcome outcome, Guid id, int revision, CancellationToken cancellationToken) => outcome switch
    {
        MarkOutcome.NotFound => throw RpcErrors.Status(StatusCode.NotFound, $"没有报送{id}"),
        MarkOutcome.NotLatest => throw RpcErrors.Status(StatusCode.FailedPrecondition, $"第{revision}版不是最新修订版本，只能标记最新修订版本为已审阅"),
        _ => await reader.GetSummaryAsync(id, cancellationToken) ?? throw RpcErrors.Status(StatusCode.NotFound, $"没有报送{id}"),
    };

    private async Task<SubmissionSummary> ReadableSummaryAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var summary = await reader.GetSummaryAsync(id, cancellationToken)
            ?? throw RpcErrors.Status(StatusCode.NotFound, $"没有报送{id}");
        Demand(caller, Operation.Read, summary.DistrictCode);
        return summary;
    }

    private static Receipt Receipt(DecisionOutcome outcome, Guid id, int revision) => outcome switch
    {
        DecisionOutcome.Done done => done.Receipt,
        DecisionOutcome.NotFound => throw RpcErrors.Status(StatusCode.NotFound, $"报送{id}没有第{revision}版"),
        DecisionOutcome.Refused refused => throw RpcErrors.Status(StatusCode.FailedPrecondition, refused.Reason),
        _ => throw new UnreachableException(),
    };

    private static void Demand(Caller caller, Operation operation, string? district)
    {
        var decision = Access.Decide(caller, operation, district);
        if (!decision.Allowed)
        {
            throw RpcErrors.Status(StatusCode.PermissionDenied, decision.Denial);
        }
    }

    private static Guid ParseId(string text, string field)
    {
        if (!Guid.TryParse(text, out var id))
        {
            throw RpcErrors.InvalidArgument("报送编号无效", (field, "必须为UUID"));
        }

        return id;
    }

    private static void RequireRevision(int revision)
    {
        if (revision < 1)
        {
            throw RpcErrors.InvalidArgument("必须指定修订版本", ("revision", "必须≥1"));
        }
    }

    private static int PageSize(int requested) => requested switch
    {
        < 0 => throw RpcErrors.InvalidArgument("每页条数无效", ("page_size", "不能为负数")),
        0 => DefaultPageSize,
        _ => Math.Min(requested, MaxPageSize),
    };
}
