using BudgetMesh.Grpc;

namespace BudgetMesh.Callers;

/// <summary>
/// The access rules other services apply to a verified caller: operators and admins act for the whole bureau; a
/// district key reads its own district's figures and nothing else (PERMISSION_DENIED).
/// </summary>
public sealed class OperatorGate(ICallerVerifier verifier)
{
    public async Task<VerifiedCaller> RequireOperatorAsync(ServerCallContext context)
    {
        var caller = await verifier.VerifyAsync(context.RequestHeaders.GetValue("authorization"), context.CancellationToken);
        return caller.IsOperator ? caller : throw new GrpcStatusException(StatusCode.PermissionDenied, "需要操作员角色 / the operator role is required");
    }

    /// <summary>Operators and admins, or a district key of <paramref name="districtCode"/>.</summary>
    public async Task<VerifiedCaller> RequireOperatorOrDistrictAsync(ServerCallContext context, string districtCode)
    {
        var caller = await verifier.VerifyAsync(context.RequestHeaders.GetValue("authorization"), context.CancellationToken);
        return caller.IsOperator || string.Equals(caller.DistrictCode, districtCode, StringComparison.Ordinal)
            ? caller
            : throw new GrpcStatusException(StatusCode.PermissionDenied, "只能查看本区县的数据 / a district key reads only its own district");
    }
}
