using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Grpc;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Intake.Tests;

/// <summary>Typed calls to a running Intake over the real gRPC path, with a given key (or none).</summary>
internal sealed class IntakeApi(GrpcClient client, string? key)
{
    private static readonly ServiceDescriptor Intake = IntakeReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor Keys = IntakeReflection.Descriptor.Services[1];

    public IntakeApi As(string? otherKey) => new(client, otherKey);

    public Task<SubmitPackageResponse> SubmitAsync(BudgetPackage package) =>
        Unary<SubmitPackageRequest, SubmitPackageResponse>(Intake, "SubmitPackage", new SubmitPackageRequest { Package = package });

    public Task<GetSubmissionResponse> GetAsync(string submissionId, int revision = 0, bool includePackage = false) =>
        Unary<GetSubmissionRequest, GetSubmissionResponse>(Intake, "GetSubmission", new GetSubmissionRequest { SubmissionId = submissionId, Revision = revision, IncludePackage = includePackage });

    public Task<ListSubmissionsResponse> ListAsync(ListSubmissionsRequest request) =>
        Unary<ListSubmissionsRequest, ListSubmissionsResponse>(Intake, "ListSubmissions", request);

    public Task<ApproveRevisionResponse> ApproveAsync(ApproveRevisionRequest request) =>
        Unary<ApproveRevisionRequest, ApproveRevisionResponse>(Intake, "ApproveRevision", request);

    public Task<ReturnRevisionResponse> ReturnAsync(string submissionId, int revision, string comment) =>
        Unary<ReturnRevisionRequest, ReturnRevisionResponse>(Intake, "ReturnRevision", new ReturnRevisionRequest { SubmissionId = submissionId, Revision = revision, Comment = comment });

    public Task<ListAuditEntriesResponse> AuditAsync(string submissionId, int pageSize = 0, string pageToken = "") =>
        Unary<ListAuditEntriesRequest, ListAuditEntriesResponse>(Intake, "ListAuditEntries", new ListAuditEntriesRequest { SubmissionId = submissionId, PageSize = pageSize, PageToken = pageToken });

    public Task<CreateKeyResponse> CreateKeyAsync(KeyKind kind, string districtCode, string name) =>
        Unary<CreateKeyRequest, CreateKeyResponse>(Keys, "CreateKey", new CreateKeyRequest { Kind = kind, DistrictCode = districtCode, Name = name });

    public Task<ListKeysResponse> ListKeysAsync(bool includeRevoked = false) =>
        Unary<ListKeysRequest, ListKeysResponse>(Keys, "ListKeys", new ListKeysRequest { IncludeRevoked = includeRevoked });

    public Task<DescribeCallerResponse> DescribeCallerAsync() =>
        Unary<DescribeCallerRequest, DescribeCallerResponse>(Keys, "DescribeCaller", new DescribeCallerRequest());

    public Task<RevokeKeyResponse> RevokeKeyAsync(string keyId, string reason = "test") =>
        Unary<RevokeKeyRequest, RevokeKeyResponse>(Keys, "RevokeKey", new RevokeKeyRequest { KeyId = keyId, Reason = reason });

    public GrpcCall<WatchSubmissionRequest, WatchSubmissionResponse> Watch(string submissionId, int revision = 0, CancellationToken cancellationToken = default) =>
        client.StartServerStreaming<WatchSubmissionRequest, WatchSubmissionResponse>(Intake.FindMethodByName("WatchSubmission"),
            new WatchSubmissionRequest { SubmissionId = submissionId, Revision = revision }, Options(TimeSpan.FromSeconds(60), cancellationToken));

    private Task<TResponse> Unary<TRequest, TResponse>(ServiceDescriptor service, string method, TRequest request)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new() =>
        client.UnaryAsync<TRequest, TResponse>(service.FindMethodByName(method), request, Options(TimeSpan.FromSeconds(20), default));

    private CallOptions Options(TimeSpan timeout, CancellationToken cancellationToken) => new()
    {
        Timeout = timeout,
        CancellationToken = cancellationToken,
        Headers = key is null ? [] : new Metadata { { "authorization", $"Bearer {key}" } },
    };
}
