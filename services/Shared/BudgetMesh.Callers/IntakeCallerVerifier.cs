using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Grpc;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Callers;

/// <summary>How long a key Intake vouched for is trusted without asking again (zero: ask every time).</summary>
public sealed record CallerVerification(TimeSpan TrustFor)
{
    /// <summary>The peer name of Intake (its address from BUDGETMESH_INTAKE_URL).</summary>
    public const string IntakePeer = "intake";
}

/// <summary>
/// Asks Intake's KeyService.DescribeCaller with the caller's own `authorization`, so Intake's answer decides:
/// UNAUTHENTICATED for a missing, wrong or revoked key. A positive answer may be trusted for
/// <see cref="CallerVerification.TrustFor"/> (remembered by a hash of the header, never the key itself): a service on
/// the hot path then asks Intake once per key and period, and a revoked key stops working there within that period.
/// </summary>
public sealed class IntakeCallerVerifier(IGrpcClientFactory clients, CallerVerification verification, TimeProvider time) : ICallerVerifier
{
    private static readonly MethodDescriptor DescribeCaller = IntakeReflection.Descriptor.Services[1].FindMethodByName("DescribeCaller");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<string, (VerifiedCaller Caller, DateTimeOffset Until)> _trusted = new(StringComparer.Ordinal);

    public async Task<VerifiedCaller> VerifyAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (KeyId(authorization) is not { } keyId)
        {
            throw new GrpcStatusException(StatusCode.Unauthenticated, "缺少有效的API密钥（authorization: Bearer bm_…） / a valid API key is required (authorization: Bearer bm_…)");
        }

        var remembered = verification.TrustFor > TimeSpan.Zero ? Fingerprint(authorization!) : null;
        if (remembered is not null && _trusted.TryGetValue(remembered, out var entry) && entry.Until > time.GetUtcNow())
        {
            return entry.Caller;
        }

        DescribeCallerResponse answer;
        try
        {
            answer = await clients.GetClient(CallerVerification.IntakePeer).UnaryAsync<DescribeCallerRequest, DescribeCallerResponse>(
                DescribeCaller,
                new DescribeCallerRequest(),
                new CallOptions { Timeout = Deadline, CancellationToken = cancellationToken, Headers = new Metadata { { "authorization", authorization! } } });
        }
        catch (GrpcStatusException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            throw new GrpcStatusException(ex.StatusCode, ex.Detail);
        }
        catch (GrpcStatusException ex)
        {
            throw new GrpcStatusException(StatusCode.Unavailable, $"无法向Intake核实密钥 / cannot verify the key with Intake: {ex.StatusCode}");
        }

        var key = answer.Key ?? throw new GrpcStatusException(StatusCode.Unauthenticated, "Intake did not describe the key");
        var caller = new VerifiedCaller(key.KeyId.Length > 0 ? key.KeyId : keyId, key.Kind, key.Name, key.DistrictCode.Length > 0 ? key.DistrictCode : null);
        if (remembered is not null)
        {
            if (_trusted.Count >= MaxRemembered)
            {
                _trusted.Clear();
            }

            _trusted[remembered] = (caller, time.GetUtcNow() + verification.TrustFor);
        }

        return caller;
    }

    /// <summary>The public part of `Bearer bm_&lt;key id&gt;_&lt;secret&gt;`; never the secret.</summary>
    public static string? KeyId(string? authorization)
    {
        const string scheme = "Bearer bm_";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = authorization[scheme.Length..].Trim();
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        return separator is < 1 or > 64 || separator == rest.Length - 1 || !rest[..separator].All(char.IsAsciiLetterOrDigit) ? null : rest[..separator];
    }

    private static string Fingerprint(string authorization) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
}
