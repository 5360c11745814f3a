using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>Acceptance 3: every rpc × every kind of caller, with the status each must get.</summary>
public sealed class AuthorizationMatrixTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    private const StatusCode Ok = StatusCode.OK;
    private const StatusCode Unauthenticated = StatusCode.Unauthenticated;
    private const StatusCode Denied = StatusCode.PermissionDenied;

    // Callers: no key, revoked key, other district's key, own district's key, operator key, service key.
    private static readonly Dictionary<string, StatusCode[]> Matrix = new()
    {
        ["SubmitPackage"] = [Unauthenticated, Unauthenticated, Denied, Ok, Denied, Denied],
        ["GetSubmission"] = [Unauthenticated, Unauthenticated, Denied, Ok, Ok, Ok],
        ["ListSubmissions"] = [Unauthenticated, Unauthenticated, Denied, Ok, Ok, Ok],
        ["WatchSubmission"] = [Unauthenticated, Unauthenticated, Denied, Ok, Ok, Ok],
        ["ApproveRevision"] = [Unauthenticated, Unauthenticated, Denied, Denied, Ok, Denied],
        ["ReturnRevision"] = [Unauthenticated, Unauthenticated, Denied, Denied, Ok, Denied],
        ["ListAuditEntries"] = [Unauthenticated, Unauthenticated, Denied, Ok, Ok, Ok],
        ["MarkReviewed"] = [Unauthenticated, Unauthenticated, Denied, Denied, Ok, Denied],
        ["AssignSubmission"] = [Unauthenticated, Unauthenticated, Denied, Denied, Ok, Denied],
        ["ListAssignees"] = [Unauthenticated, Unauthenticated, Denied, Denied, Ok, Denied],
        ["CreateKey"] = [Unauthenticated, Unauthenticated, Denied, Denied, Denied, Denied],
        ["ListKeys"] = [Unauthenticated, Unauthenticated, Denied, Denied, Denied, Denied],
        ["RevokeKey"] = [Unauthenticated, Unauthenticated, Denied, Denied, Denied, Denied],
    };

    private static readonly string[] Callers = ["no key", "revoked key", "other district", "own district", "operator", "service"];

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var rpc in Matrix.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(rpc, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_rpc_answers_each_kind_of_caller_as_the_matrix_says(string rpc, string caller)
    {
        var expected = Matrix[rpc][Array.IndexOf(Callers, caller)];
        var api = caller switch
        {
            "no key" => intake.Anonymous,
            "revoked key" => intake.Revoked,
            "other district" => intake.OtherDistrict,
            "own district" => intake.OwnDistrict,
            "service" => intake.Service,
            _ => intake.Operator,
        };

        // A fresh submission of the own district, reconciled clean so that approving it can succeed.
        var package = intake.NewPackage();
        var receipt = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;
        if (rpc == "ApproveRevision")
        {
            await intake.Probe.PublishAsync(new BudgetReconciled(Guid.NewGuid(), Guid.Parse(receipt.SubmissionId), 1, receipt.ContentHash, Guid.NewGuid(), 0, 0, 0, 0, DateTimeOffset.UtcNow));
            await intake.WaitForStatusAsync(receipt.SubmissionId, 1, SubmissionStatus.ReconciledClean);
        }

        var resubmission = package.Clone();
        resubmission.Tables.Gf.Rows[0].Total = "1.23";
        Func<Task> call = rpc switch
        {
            "SubmitPackage" => () => api.SubmitAsync(resubmission),
            "GetSubmission" => () => api.GetAsync(receipt.SubmissionId),
            "ListSubmissions" => () => api.ListAsync(new ListSubmissionsRequest { DistrictCode = IntakeFixture.Own }),
            "WatchSubmission" => async () =>
            {
                using var watch = api.Watch(receipt.SubmissionId);
                await using var stream = watch.ResponseStream.ReadAllAsync().GetAsyncEnumerator();
                Assert.True(await stream.MoveNextAsync());
                Assert.Equal(SubmissionStatus.Received, stream.Current.Change.Status);
            },
            "ApproveRevision" => () => api.ApproveAsync(new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash }),
            "ReturnRevision" => () => api.ReturnAsync(receipt.SubmissionId, 1, "请补充附件8 部门收入总表"),
            "ListAuditEntries" => () => api.AuditAsync(receipt.SubmissionId),
            "MarkReviewed" => () => api.MarkReviewedAsync(receipt.SubmissionId, 1),
            "AssignSubmission" => () => api.AssignAsync(receipt.SubmissionId, "财政局审核员"),
            "ListAssignees" => () => api.ListAssigneesAsync(),
            "CreateKey" => () => api.CreateKeyAsync(KeyKind.District, IntakeFixture.Own, "新系统"),
            "ListKeys" => () => api.ListKeysAsync(),
            "RevokeKey" => () => api.RevokeKeyAsync("nosuchkey"),
            _ => throw new ArgumentOutOfRangeException(nameof(rpc)),
        };

        var actual = Ok;
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            actual = ex.StatusCode;
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Only_operator_keys_are_offered_as_assignees_never_a_service_admin_or_district_key()
    {
        var names = (await intake.Operator.ListAssigneesAsync()).Names;

        Assert.Contains("财政局审核员", names);
        Assert.DoesNotContain("校核服务", names);
        Assert.DoesNotContain(names, n => n.Contains("系统", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.AssignAsync(Guid.NewGuid().ToString(), "校核服务"));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("assignee", Assert.Single(refused.FieldViolations()).Field);
    }

    [Fact]
    public async Task A_service_key_is_listed_with_its_kind_and_described_as_a_service()
    {
        var described = await intake.Service.DescribeCallerAsync();
        var listed = await intake.Admin.ListKeysAsync();

        Assert.Equal(KeyKind.Service, described.Key.Kind);
        Assert.Contains(listed.Keys, k => k.Name == "校核服务" && k.Kind == KeyKind.Service && k.DistrictCode.Length == 0);
        var bound = await Assert.ThrowsAsync<RpcException>(() => intake.Admin.CreateKeyAsync(KeyKind.Service, IntakeFixture.Own, "绑定区县的服务"));
        Assert.Equal(StatusCode.InvalidArgument, bound.StatusCode);
        Assert.Equal("district_code", Assert.Single(bound.FieldViolations()).Field);
    }

    [Fact]
    public async Task No_key_may_be_named_as_the_unassigned_filter_value()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => intake.Admin.CreateKeyAsync(KeyKind.Operator, "", " - "));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("name", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task An_admin_manages_keys_and_a_revoked_key_stops_working_at_once()
    {
        var created = await intake.Admin.CreateKeyAsync(KeyKind.District, IntakeFixture.Own, "临时系统");
        var temporary = intake.Anonymous.As(created.Secret);
        await temporary.ListAsync(new ListSubmissionsRequest());

        var listed = await intake.Admin.ListKeysAsync();
        var revoked = await intake.Admin.RevokeKeyAsync(created.Key.KeyId, "系统下线");

        Assert.Contains(listed.Keys, k => k.KeyId == created.Key.KeyId && k.DistrictCode == IntakeFixture.Own);
        Assert.DoesNotContain(listed.Keys, k => k.ToString().Contains(created.Secret[(created.Secret.IndexOf('_', 3) + 1)..], StringComparison.Ordinal));
        Assert.NotNull(revoked.Key.RevokedAt);
        var error = await Assert.ThrowsAsync<RpcException>(() => temporary.ListAsync(new ListSubmissionsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.DoesNotContain((await intake.Admin.ListKeysAsync()).Keys, k => k.KeyId == created.Key.KeyId);
        Assert.Contains((await intake.Admin.ListKeysAsync(includeRevoked: true)).Keys, k => k.KeyId == created.Key.KeyId);
    }

    [Fact]
    public async Task A_key_with_a_wrong_secret_or_unknown_id_is_unauthenticated()
    {
        var wrongSecret = intake.Anonymous.As(IntakeFixture.AdminKey[..^1] + "B");
        var unknownId = intake.Anonymous.As("bm_unknown_" + new string('A', 43));

        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => wrongSecret.ListKeysAsync())).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => unknownId.ListKeysAsync())).StatusCode);
    }

    [Fact]
    public async Task Key_requests_are_checked_field_by_field()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => intake.Admin.CreateKeyAsync(KeyKind.District, "5001", ""));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["district_code", "name"], error.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task A_district_listing_without_a_filter_sees_only_its_own_district()
    {
        var own = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        var dadukou = Seeds.Dadukou();
        var other = (await intake.OtherDistrict.SubmitAsync(dadukou)).Receipt;

        var seenByOwn = (await intake.OwnDistrict.ListAsync(new ListSubmissionsRequest { PageSize = 500 })).Submissions.Select(s => s.SubmissionId).ToList();
        var seenByOperator = (await intake.Operator.ListAsync(new ListSubmissionsRequest { PageSize = 500 })).Submissions.Select(s => s.SubmissionId).ToList();

        Assert.Contains(own.SubmissionId, seenByOwn);
        Assert.DoesNotContain(other.SubmissionId, seenByOwn);
        Assert.Contains(own.SubmissionId, seenByOperator);
        Assert.Contains(other.SubmissionId, seenByOperator);
    }
}
