using BudgetMesh.Callers;
using Grpc.Core;

namespace BudgetMesh.Intake.Keys;

/// <summary>
/// Intake owns the keys, so it verifies its own callers locally (the other services ask its KeyService): this is
/// the <see cref="ICallerVerifier"/> behind <see cref="RequiresKeyAttribute"/> on Intake's rpcs.
/// </summary>
internal sealed class IntakeKeyVerifier(KeyAuthenticator authenticator) : ICallerVerifier
{
    public async Task<VerifiedCaller> VerifyAsync(string? authorization, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(authorization, cancellationToken);
        return new VerifiedCaller(caller.KeyId, caller.Kind, caller.Name, caller.DistrictCode);
    }

    /// <summary>Intake's own view of the caller <see cref="RequiresKeyAttribute"/> admitted.</summary>
    public static Caller CallerOf(ServerCallContext context)
    {
        var caller = context.Caller();
        return new Caller(caller.KeyId, caller.Name, caller.Kind, caller.DistrictCode);
    }
}
