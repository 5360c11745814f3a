using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Grpc;
using BudgetMesh.Publication.Approval;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Publication.Operators;

/// <summary>An authenticated operator; <see cref="Actor"/> is how retractions name them in Intake's audit trail.</summary>
internal sealed record Operator(string KeyId, string Name)
{
    public string Actor => $"{Name} (operator key {KeyId})";
}

/// <summary>
/// Intake owns the keys, so Publication keeps none: it forwards the caller's `authorization` metadata to Intake's
/// KeyService.DescribeCaller and takes Intake's answer — UNAUTHENTICATED for a missing, wrong or revoked key — then
/// demands an operator or admin key (PERMISSION_DENIED otherwise). One cheap call per operator action, so a revoked
/// key stops working here at once too.
/// </summary>
internal sealed class OperatorCheck(IGrpcClientFactory clients)
{
    private static readonly MethodDescriptor DescribeCaller = IntakeReflection.Descriptor.Services[1].FindMethodByName("DescribeCaller");

    public async Task<Operator> RequireAsync(ServerCallContext context)
    {
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (KeyId(authorization) is not { } keyId)
        {
            throw new GrpcStatusException(StatusCode.Unauthenticated, "缺少有效的API密钥（authorization: Bearer bm_…） / a valid API key is required (authorization: Bearer bm_…)");
        }

        DescribeCallerResponse caller;
        try
        {
            caller = await clients.GetClient(ApprovedRevisionSource.IntakePeer).UnaryAsync<DescribeCallerRequest, DescribeCallerResponse>(
                DescribeCaller,
                new DescribeCallerRequest(),
                new CallOptions { Timeout = TimeSpan.FromSeconds(5), CancellationToken = context.CancellationToken, Headers = new Metadata { { "authorization", authorization! } } });
        }
        catch (GrpcStatusException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            throw new GrpcStatusException(ex.StatusCode, ex.Detail);
        }
        catch (GrpcStatusException ex)
        {
            throw new GrpcStatusException(StatusCode.Unavailable, $"无法向Intake核实密钥 / cannot verify the key with Intake: {ex.StatusCode}");
        }

        if (caller.Key?.Kind is not (KeyKind.Operator or KeyKind.Admin))
        {
            throw new GrpcStatusException(StatusCode.PermissionDenied, "需要操作员角色 / the operator role is required");
        }

        return new Operator(caller.Key.KeyId.Length > 0 ? caller.Key.KeyId : keyId, caller.Key.Name);
    }

    /// <summary>The public part of `Bearer bm_&lt;key id&gt;_&lt;secret&gt;`; never the secret.</summary>
    internal static string? KeyId(string? authorization)
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
}
