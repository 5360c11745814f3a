namespace BudgetMesh.Callers;

/// <summary>Turns a request's `authorization` value into the caller Intake knows, or a status saying why not.</summary>
public interface ICallerVerifier
{
    /// <summary>
    /// The caller behind <paramref name="authorization"/>; throws UNAUTHENTICATED for a missing, malformed, unknown or
    /// revoked key and UNAVAILABLE when Intake cannot be asked.
    /// </summary>
    Task<VerifiedCaller> VerifyAsync(string? authorization, CancellationToken cancellationToken);
}
