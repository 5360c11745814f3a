using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Intake.Keys;

/// <summary>What a caller wants to do.</summary>
internal enum Operation
{
    /// <summary>Submit a package of a district.</summary>
    Submit,

    /// <summary>Read a district's submissions, their status, packages and audit entries.</summary>
    Read,

    /// <summary>Approve a revision.</summary>
    Approve,

    /// <summary>Return a revision to its district.</summary>
    Return,

    /// <summary>Mark a submission reviewed, assign it to an operator, list the operators to assign to.</summary>
    Review,

    /// <summary>Read the audit trail of everything.</summary>
    ReadAllAudit,

    /// <summary>Create, list and revoke keys.</summary>
    ManageKeys,
}

/// <summary>Allowed, or why not (in Chinese, for the PERMISSION_DENIED message).</summary>
internal sealed record AccessDecision(string? Denial)
{
    public static readonly AccessDecision Allow = new((string?)null);

    public bool Allowed => Denial is null;
}

/// <summary>
/// The authorization table. District keys act only on their own district and only as submitters; operators
/// read everything and decide; only admins manage keys. Submitting is the district systems' job alone, so
/// every revision traces back to the system that produced it.
/// </summary>
internal static class Access
{
    public static AccessDecision Decide(Caller caller, Operation operation, string? districtCode = null) => operation switch
    {
        Operation.Submit when caller.Kind != KeyKind.District => Deny("只有区县系统的密钥可以报送"),
        Operation.Submit or Operation.Read when caller.Kind == KeyKind.District && !string.Equals(caller.DistrictCode, districtCode, StringComparison.Ordinal) =>
            Deny("不能访问其他区县的数据"),
        Operation.Submit or Operation.Read => AccessDecision.Allow,
        Operation.Approve or Operation.Return or Operation.Review or Operation.ReadAllAudit => caller.IsOperator
            ? AccessDecision.Allow
            : Deny("需要操作员角色"),
        Operation.ManageKeys => caller.Kind == KeyKind.Admin
            ? AccessDecision.Allow
            : Deny("需要管理员角色"),
        _ => Deny("不允许的操作"),
    };

    private static AccessDecision Deny(string reason) => new(reason);
}
