using System.Security.Claims;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Console.SignIn;

/// <summary>
/// What the session cookie carries. The cookie is encrypted and signed by ASP.NET Data Protection, so the
/// operator's key travels only inside it and is never readable by the browser (HttpOnly) or other sites.
/// </summary>
internal static class OperatorClaims
{
    public const string Scheme = "bm-console";
    public const string Name = "bm:name";
    public const string KeyId = "bm:key_id";
    public const string Kind = "bm:kind";
    public const string Key = "bm:key";

    public static ClaimsPrincipal Create(ApiKey described, string key) =>
        new(new ClaimsIdentity(
            [
                new Claim(Name, described.Name),
                new Claim(KeyId, described.KeyId),
                new Claim(Kind, described.Kind.ToString()),
                new Claim(Key, key),
            ],
            Scheme,
            Name,
            Kind));

    public static bool IsOperator(ApiKey key) => key.Kind is KeyKind.Operator or KeyKind.Admin;

    public static string KeyOf(ClaimsPrincipal user) =>
        user.FindFirstValue(Key) ?? throw new InvalidOperationException("The session carries no operator key.");

    public static string RoleLabel(ClaimsPrincipal user) => user.FindFirstValue(Kind) == nameof(KeyKind.Admin) ? "管理员" : "操作员";
}
