using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Intake.Keys;

internal static class KeyKinds
{
    public static string ToName(this KeyKind kind) => kind switch
    {
        KeyKind.District => "district",
        KeyKind.Operator => "operator",
        KeyKind.Admin => "admin",
        KeyKind.Service => "service",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A stored key has a kind."),
    };

    public static KeyKind Parse(string name) => name switch
    {
        "district" => KeyKind.District,
        "operator" => KeyKind.Operator,
        "admin" => KeyKind.Admin,
        "service" => KeyKind.Service,
        _ => throw new InvalidOperationException($"Unknown key kind '{name}'."),
    };
}
