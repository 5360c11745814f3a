using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Callers;

/// <summary>A key Intake vouched for: never its secret.</summary>
public sealed record VerifiedCaller(string KeyId, KeyKind Kind, string Name, string? DistrictCode)
{
    /// <summary>How audit trails name the caller.</summary>
    public string Actor => Kind switch
    {
        KeyKind.District => $"{Name} (district key {KeyId})",
        KeyKind.Admin => $"{Name} (admin key {KeyId})",
        KeyKind.Service => $"{Name} (service key {KeyId})",
        _ => $"{Name} (operator key {KeyId})",
    };

    /// <summary>Operators and admins act for the whole finance bureau.</summary>
    public bool IsOperator => Kind is KeyKind.Operator or KeyKind.Admin;

    /// <summary>Operators, admins and the suite's own services (the Reconciler, Publication) read every district.</summary>
    public bool ReadsEveryDistrict => IsOperator || Kind == KeyKind.Service;
}
