using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Reliability.Tests.Harness;
using Grpc.Core;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>The kinds of caller every authorization matrix tries, as keys of the deployment under test.</summary>
internal static class Callers
{
    public static async Task<string?> KeyOfAsync(Deployment deployment, string caller)
    {
        switch (caller)
        {
            case "anonymous":
                return null;
            case "malformed":
                return "not-a-key";
            case "unknown":
                return "bm_nobody_" + new string('Q', 43);
            case "district":
                return deployment.DistrictKeys.Values.First();
            case "operator":
                return deployment.OperatorKey;
            case "admin":
                return deployment.AdminKey;
            case "service":
                return deployment.ReconcilerKey;
            case "revoked operator":
                using (var channel = deployment.Client("Intake"))
                {
                    var keys = new KeyService.KeyServiceClient(channel.CallInvoker);
                    var created = await keys.CreateKeyAsync(
                        new CreateKeyRequest { Kind = KeyKind.Operator, Name = "待吊销的审核员" }, Deployment.Call(deployment.AdminKey));
                    await keys.RevokeKeyAsync(
                        new RevokeKeyRequest { KeyId = created.Key.KeyId, Reason = "可靠性测试" }, Deployment.Call(deployment.AdminKey));
                    return created.Secret;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(caller));
        }
    }

    /// <summary>A call carrying <paramref name="key"/> as a bearer key (or verbatim when it is not shaped like one).</summary>
    public static CallOptions Call(string? key) => new(
        headers: key is null ? [] : new Metadata { { "authorization", key.StartsWith("bm_", StringComparison.Ordinal) ? $"Bearer {key}" : key } },
        deadline: DateTime.UtcNow + TimeSpan.FromSeconds(20));
}
