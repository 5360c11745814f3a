using BudgetMesh.ServiceDefaults.Grpc;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Callers;

/// <summary>Which keys an rpc admits before its method runs.</summary>
public enum KeyRole
{
    /// <summary>Any valid key; the method decides further from the request (e.g. a district key, its own district).</summary>
    AnyKey,

    /// <summary>Operators and admins, who act for the whole finance bureau.</summary>
    Operator,

    /// <summary>Operators, admins and the suite's own services: the checks the Reconciler runs for every package.</summary>
    OperatorOrService,
}

/// <summary>
/// The rpc takes a key Intake vouches for (checked once, by <see cref="CallerPolicyInterceptor"/>, through the
/// registered <see cref="ICallerVerifier"/>): UNAUTHENTICATED for a missing, wrong or revoked key, PERMISSION_DENIED
/// for a key below <see cref="Role"/>. The method reads the caller with <see cref="CallerContext.Caller"/>.
/// </summary>
public sealed class RequiresKeyAttribute(KeyRole role = KeyRole.AnyKey) : CallerPolicyAttribute
{
    /// <summary>What a non-operator key gets from an rpc for operators.</summary>
    public const string OperatorRequired = "需要操作员角色";

    public KeyRole Role { get; } = role;

    public override async ValueTask AdmitAsync(ServerCallContext context, IMessage? request)
    {
        ArgumentNullException.ThrowIfNull(context);
        var verifier = context.GetHttpContext().RequestServices.GetRequiredService<ICallerVerifier>();
        var caller = await verifier.VerifyAsync(context.RequestHeaders.GetValue("authorization"), context.CancellationToken);
        if ((Role == KeyRole.Operator && !caller.IsOperator) || (Role == KeyRole.OperatorOrService && !caller.ReadsEveryDistrict))
        {
            throw RpcErrors.Status(StatusCode.PermissionDenied, OperatorRequired);
        }

        context.UserState[typeof(VerifiedCaller)] = caller;
    }
}

/// <summary>The caller the rpc's <see cref="RequiresKeyAttribute"/> admitted, and the access rules that need the request.</summary>
public static class CallerContext
{
    /// <summary>The verified caller of this call; only rpcs declared with <see cref="RequiresKeyAttribute"/> have one.</summary>
    public static VerifiedCaller Caller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(typeof(VerifiedCaller), out var caller) && caller is VerifiedCaller verified
            ? verified
            : throw new InvalidOperationException($"{context.Method} has no verified caller: declare it with [RequiresKey].");
    }

    /// <summary>Operators, admins and the suite's services, or a district key of <paramref name="districtCode"/>; PERMISSION_DENIED otherwise.</summary>
    public static VerifiedCaller RequireOperatorOrDistrict(this ServerCallContext context, string districtCode)
    {
        var caller = context.Caller();
        return caller.ReadsEveryDistrict || string.Equals(caller.DistrictCode, districtCode, StringComparison.Ordinal)
            ? caller
            : throw RpcErrors.Status(StatusCode.PermissionDenied, "只能查看本区县的数据");
    }
}
