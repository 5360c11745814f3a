using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Net.ClientFactory;

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
public sealed class IntakeCallerVerifier(GrpcClientFactory clients, CallerVerification verification, TimeProvider time) : ICallerVerifier
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<string, (VerifiedCaller Caller, DateTimeOffset Until)> _trusted = new(StringComparer.Ordinal);

    public async Task<VerifiedCaller> VerifyAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (KeyId(authorization) is not { } keyId)
        {
            throw RpcErrors.Status(StatusCode.Unauthenticated, "缺少有效的API密钥");
        }

        var remembered = verification.TrustFor > TimeSpan.Zero ? Fingerprint(authorization!) : null;
        if (remembered is not null && _trusted.TryGetValue(remembered, out var entry) && entry.Until > time.GetUtcNow())
        {
            return entry.Caller;
        }

        DescribeCallerResponse answer;
        try
        {
            // A client per use from the factory (registered by AddCallerVerification): this class is a singleton.
            answer = await clients.CreateClient<KeyService.KeyServiceClient>(nameof(KeyService.KeyServiceClient)).DescribeCallerAsync(
                new DescribeCallerRequest(),
                new CallOptions(new Metadata { { "authorization", authorization! } }, DateTime.UtcNow + Deadline, cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            throw RpcErrors.Status(ex.StatusCode, ex.Status.Detail);
        }
        catch (RpcException ex)
        {
            throw RpcErrors.Status(StatusCode.Unavailable, $"无法向受理服务核实密钥（gRPC 状态码 {(int)ex.StatusCode}）");
        }

        var key = answer.Key ?? throw RpcErrors.Status(StatusCode.Unauthenticated, "受理服务没有说明该密钥");
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
