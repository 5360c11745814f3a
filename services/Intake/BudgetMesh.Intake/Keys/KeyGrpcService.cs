using BudgetMesh.Callers;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;

namespace BudgetMesh.Intake.Keys;

/// <summary>
/// gRPC adapter of `budgetmesh.intake.v1.KeyService`: every rpc takes a key (checked before the method by
/// <see cref="RequiresKeyAttribute"/>); admin only, except DescribeCaller.
/// </summary>
[RequiresKey]
internal sealed class KeyGrpcService(KeyStore keys) : KeyService.KeyServiceBase
{
    // Any valid key may ask who it is: the operator console signs operators in with the answer, and it must
    // not need a key-management role to do so.
    public override Task<DescribeCallerResponse> DescribeCaller(DescribeCallerRequest request, ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        return Task.FromResult(new DescribeCallerResponse
        {
            Key = new ApiKey { KeyId = caller.KeyId, Kind = caller.Kind, DistrictCode = caller.DistrictCode ?? string.Empty, Name = caller.Name },
        });
    }

    public override async Task<CreateKeyResponse> CreateKey(CreateKeyRequest request, ServerCallContext context)
    {
        var caller = Admin(context);
        var violations = new List<(string, string)>();
        if (request.Kind is not (KeyKind.District or KeyKind.Operator or KeyKind.Admin or KeyKind.Service))
        {
            violations.Add(("kind", "必须为区县、操作员、管理员或系统服务密钥"));
        }

        if (request.Kind == KeyKind.District && (request.DistrictCode.Length != 6 || !request.DistrictCode.All(char.IsAsciiDigit)))
        {
            violations.Add(("district_code", "区县密钥必须绑定6位区划代码"));
        }
        else if (request.Kind != KeyKind.District && request.DistrictCode.Length > 0)
        {
            violations.Add(("district_code", "只有区县密钥可以绑定区划"));
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200 || request.Name.Any(char.IsControl))
        {
            violations.Add(("name", "名称必填，最多200个字符"));
        }
        else if (request.Name.Trim() == AssigneeFilter.Unassigned)
        {
            // ListSubmissions' assignee filter uses it for "assigned to nobody": no operator may be called that.
            violations.Add(("name", $"“{AssigneeFilter.Unassigned}”表示未分派，不能用作名称"));
        }

        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument("密钥请求无效", [.. violations]);
        }

        var district = request.Kind == KeyKind.District ? request.DistrictCode : null;
        return await keys.CreateAsync(caller, request.Kind, district, request.Name.Trim(), context.CancellationToken);
    }

    public override async Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        Admin(context);
        var response = new ListKeysResponse();
        response.Keys.AddRange(await keys.ListAsync(request.IncludeRevoked, context.CancellationToken));
        return response;
    }

    public override async Task<RevokeKeyResponse> RevokeKey(RevokeKeyRequest request, ServerCallContext context)
    {
        var caller = Admin(context);
        if (string.IsNullOrWhiteSpace(request.KeyId))
        {
            throw RpcErrors.InvalidArgument("缺少密钥编号", ("key_id", "必填"));
        }

        if (!ApiKeys.IsKeyId(request.KeyId))
        {
            throw RpcErrors.InvalidArgument("密钥编号无效", ("key_id", "密钥编号由1至64个英文字母和数字组成"));
        }

        var reason = RequestText.Optional(request.Reason, "reason") ?? string.Empty;
        var key = await keys.RevokeAsync(caller, request.KeyId, reason, context.CancellationToken)
            ?? throw RpcErrors.Status(StatusCode.NotFound, $"没有编号为 {request.KeyId} 的密钥");
        return new RevokeKeyResponse { Key = key };
    }

    private static Caller Admin(ServerCallContext context)
    {
        var caller = IntakeKeyVerifier.CallerOf(context);
        var decision = Access.Decide(caller, Operation.ManageKeys);
        return decision.Allowed ? caller : throw RpcErrors.Status(StatusCode.PermissionDenied, decision.Denial);
    }
}
