using BudgetMesh.Callers;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using BudgetMesh.Publication.Publishing;
using BudgetMesh.Publication.Rendering;
using BudgetMesh.Publication.Retraction;
using Google.Protobuf.WellKnownTypes;

namespace BudgetMesh.Publication;

/// <summary>
/// gRPC adapter of `budgetmesh.publication.v1.PublicationService`: operators only (their key checked through Intake
/// before the method by <see cref="RequiresKeyAttribute"/>); check, call, map.
/// </summary>
[RequiresKey(KeyRole.Operator)]
internal sealed class PublicationGrpcService(PublicationStore store, RetractionHandler retraction) : PublicationService.PublicationServiceBase
{
    public override async Task<ListPublicationsResponse> ListPublications(ListPublicationsRequest request, ServerCallContext context)
    {
        var response = new ListPublicationsResponse();
        var records = await store.ListAsync(RequestText.Optional(request.DistrictCode, "district_code", 6), request.BudgetYear, StoredState(request.State), context.CancellationToken);
        response.Publications.AddRange(records.Select(ToProto));
        return response;
    }

    public override async Task<GetPublicationResponse> GetPublication(GetPublicationRequest request, ServerCallContext context)
    {
        var id = ParseId(request.SubmissionId);
        var record = await store.GetAsync(id, context.CancellationToken)
            ?? throw RpcErrors.Status(StatusCode.NotFound, $"没有报送{id}的公开记录");
        return new GetPublicationResponse { Publication = ToProto(record) };
    }

    public override async Task<RetractPublicationResponse> RetractPublication(RetractPublicationRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = ParseId(request.SubmissionId);
        var reason = RequestText.Required(request.Reason, "reason", "撤回必须填写理由");
        var record = await retraction.RetractAsync(id, caller, reason, context.CancellationToken);
        return new RetractPublicationResponse { Publication = ToProto(record) };
    }

    public override async Task<RepublishPublicationResponse> RepublishPublication(RepublishPublicationRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var record = await retraction.RepublishAsync(ParseId(request.SubmissionId), caller, context.CancellationToken);
        return new RepublishPublicationResponse { Publication = ToProto(record) };
    }

    internal static Contracts.Publication.V1.Publication ToProto(PublicationRecord record)
    {
        var proto = new Contracts.Publication.V1.Publication
        {
            SubmissionId = record.SubmissionId.ToString(),
            Revision = record.Revision,
            ContentHash = record.ContentHash,
            Path = record.Directory.Length > 0 ? SitePaths.Page(record.Directory) : string.Empty,
            State = ProtoState(record.State),
            ApprovedBy = record.ApprovedBy,
            DistrictCode = record.DistrictCode,
            BudgetYear = record.BudgetYear,
            DepartmentName = record.DepartmentName,
            DistrictName = record.DistrictName,
            UnitCode = record.UnitCode,
            UnitName = record.UnitName,
            ApprovedAt = Timestamp.FromDateTimeOffset(record.ApprovedAt),
            OverrideReason = record.OverrideReason ?? string.Empty,
            RetractedBy = record.RetractedBy ?? string.Empty,
            RetractionReason = record.RetractionReason ?? string.Empty,
            RefusalReason = record.RefusalReason ?? string.Empty,
            Attempts = record.Attempts,
            LastError = record.LastError ?? string.Empty,
        };
        proto.Files.AddRange(record.Files);
        if (record.PublishedAt is { } published)
        {
            proto.PublishedAt = Timestamp.FromDateTimeOffset(published);
        }

        if (record.RetractedAt is { } retracted)
        {
            proto.RetractedAt = Timestamp.FromDateTimeOffset(retracted);
        }

        return proto;
    }

    private static PublicationState ProtoState(string state) => state switch
    {
        States.Pending => PublicationState.Pending,
        States.Published => PublicationState.Published,
        States.Retracted => PublicationState.Retracted,
        States.Refused => PublicationState.Refused,
        States.RetractionPending => PublicationState.RetractionPending,
        _ => PublicationState.Unspecified,
    };

    private static string? StoredState(PublicationState state) => state switch
    {
        PublicationState.Unspecified => null,
        PublicationState.Pending => States.Pending,
        PublicationState.Published => States.Published,
        PublicationState.Retracted => States.Retracted,
        PublicationState.Refused => States.Refused,
        PublicationState.RetractionPending => States.RetractionPending,
        _ => throw RpcErrors.InvalidArgument("状态无效", ("state", "未知的状态")),
    };

    private static Guid ParseId(string value) => Guid.TryParse(value, out var id)
        ? id
        : throw RpcErrors.InvalidArgument("报送编号无效", ("submission_id", "必须是UUID"));
}
