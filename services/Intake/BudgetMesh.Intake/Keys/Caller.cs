using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Intake.Keys;

/// <summary>Who is calling: the key that authenticated the call.</summary>
internal sealed record Caller(string KeyId, string Name, KeyKind Kind, string? DistrictCode)
{
    public bool IsOperator => Kind is KeyKind.Operator or KeyKind.Admin;

    /// <summary>How the caller appears in history and audit entries: name and role.</summary>
    public string Actor => Kind switch
    {
        KeyKind.District => $"{Name} (district {DistrictCode})",
        KeyKind.Admin => $"{Name} (admin)",
        KeyKind.Service => $"{Name} (service)",
        _ => $"{Name} (operator)",
    };
}
