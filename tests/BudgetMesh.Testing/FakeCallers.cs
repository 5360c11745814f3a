using BudgetMesh.Callers;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;

namespace BudgetMesh.Testing;

/// <summary>
/// Stands in for Intake's key check in a service's own tests (register it as <see cref="ICallerVerifier"/> before the
/// service's registration): <see cref="Operator"/> is an operator, <see cref="District"/> a district system of
/// <see cref="DistrictCode"/>, anything else is UNAUTHENTICATED, as Intake answers. The real check against Intake is
/// tested where the services run together.
/// </summary>
public sealed class FakeCallers : ICallerVerifier
{
    public const string Operator = "bm_testoperator_0123456789abcdefghij";
    public const string District = "bm_testdistrict_0123456789abcdefghij";
    public const string DistrictCode = "500107";

    /// <summary>An operator's call (its `authorization`) with a deadline <paramref name="timeout"/> from now, for a generated typed client.</summary>
    public static CallOptions OperatorCall(TimeSpan timeout) => new(Headers(Operator), DateTime.UtcNow + timeout);

    /// <summary>The headers of a call with <paramref name="key"/> (none without one), for a generated typed client.</summary>
    public static Metadata Headers(string? key) =>
        key is null ? [] : new Metadata { { "authorization", "Bearer " + key } };

    public Task<VerifiedCaller> VerifyAsync(string? authorization, CancellationToken cancellationToken) => authorization switch
    {
        "Bearer " + Operator => Task.FromResult(new VerifiedCaller("testoperator", KeyKind.Operator, "测试审核员", null)),
        "Bearer " + District => Task.FromResult(new VerifiedCaller("testdistrict", KeyKind.District, "测试区县系统", DistrictCode)),
        _ => throw RpcErrors.Status(StatusCode.Unauthenticated, "a valid API key is required"),
    };
}
