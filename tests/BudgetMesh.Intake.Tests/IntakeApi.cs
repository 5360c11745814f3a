using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>Typed calls to a running Intake over the real gRPC path (the generated clients), with a given key (or none).</summary>
internal sealed class IntakeApi(CallInvoker invoker, string? key)
{
    private readonly IntakeService.IntakeServiceClient _intake = new(invoker);
    private readonly KeyService.KeyServiceClient _keys = new(invoker);

    public IntakeApi As(string? otherKey) => new(invoker, otherKey);

    public Task<SubmitPackageResponse> SubmitAsync(BudgetPackage package) =>
        _intake.SubmitPackageAsync(new SubmitPackageRequest { Package = package }, Options()).ResponseAsync;

    public Task<GetSubmissionResponse> GetAsync(string submissionId, int revision = 0, bool includePackage = false) =>
        _intake.GetSubmissionAsync(new GetSubmissionRequest { SubmissionId = submissionId, Revision = revision, IncludePackage = includePackage }, Options()).ResponseAsync;

    public Task<ListSubmissionsResponse> ListAsync(ListSubmissionsRequest request) =>
        _intake.ListSubmissionsAsync(request, Options()).ResponseAsync;

    public Task<ApproveRevisionResponse> ApproveAsync(ApproveRevisionRequest request) =>
        _intake.ApproveRevisionAsync(request, Options()).ResponseAsync;

    public Task<ReturnRevisionResponse> ReturnAsync(string submissionId, int revision, string comment) =>
        _intake.ReturnRevisionAsync(new ReturnRevisionRequest { SubmissionId = submissionId, Revision = revision, Comment = comment }, Options()).ResponseAsync;

    public Task<ListAuditEntriesResponse> AuditAsync(string submissionId, int pageSize = 0, string pageToken = "") =>
        _intake.ListAuditEntriesAsync(new ListAuditEntriesRequest { SubmissionId = submissionId, PageSize = pageSize, PageToken = pageToken }, Options()).ResponseAsync;

    public Task<MarkReviewedResponse> MarkReviewedAsync(string submissionId, int revision, bool reviewed = true) =>
        _intake.MarkReviewedAsync(new MarkReviewedRequest { SubmissionId = submissionId, Revision = revision, Reviewed = reviewed }, Options()).ResponseAsync;

    public Task<AssignSubmissionResponse> AssignAsync(string submissionId, string assignee) =>
        _intake.AssignSubmissionAsync(new AssignSubmissionRequest { SubmissionId = submissionId, Assignee = assignee }, Options()).ResponseAsync;

    public Task<ListAssigneesResponse> ListAssigneesAsync() =>
        _intake.ListAssigneesAsync(new ListAssigneesRequest(), Options()).ResponseAsync;

    public Task<CreateKeyResponse> CreateKeyAsync(KeyKind kind, string districtCode, string name) =>
        _keys.CreateKeyAsync(new CreateKeyRequest { Kind = kind, DistrictCode = districtCode, Name = name }, Options()).ResponseAsync;

    public Task<ListKeysResponse> ListKeysAsync(bool includeRevoked = false) =>
        _keys.ListKeysAsync(new ListKeysRequest { IncludeRevoked = includeRevoked }, Options()).ResponseAsync;

    public Task<DescribeCallerResponse> DescribeCallerAsync() =>
        _keys.DescribeCallerAsync(new DescribeCallerRequest(), Options()).ResponseAsync;

    public Task<RevokeKeyResponse> RevokeKeyAsync(string keyId, string reason = "test") =>
        _keys.RevokeKeyAsync(new RevokeKeyRequest { KeyId = keyId, Reason = reason }, Options()).ResponseAsync;

    /// <summary>The status changes of a revision as they happen; read them with <c>ResponseStream.ReadAllAsync()</c>.</summary>
    public AsyncServerStreamingCall<WatchSubmissionResponse> Watch(string submissionId, int revision = 0, CancellationToken cancellationToken = default) =>
        _intake.WatchSubmission(new WatchSubmissionRequest { SubmissionId = submissionId, Revision = revision }, Options(TimeSpan.FromSeconds(60), cancellationToken));

    private CallOptions Options(TimeSpan? timeout = null, CancellationToken cancellationToken = default) => new(
        headers: key is null ? [] : new Metadata { { "authorization", $"Bearer {key}" } },
        deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20)),
        cancellationToken: cancellationToken);
}
