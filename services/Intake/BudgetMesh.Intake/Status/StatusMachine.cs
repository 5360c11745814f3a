namespace BudgetMesh.Intake.Status;

/// <summary>What happened to a revision.</summary>
internal abstract record StatusTrigger
{
    private StatusTrigger()
    {
    }

    /// <summary>The reconciler started.</summary>
    public sealed record ReconciliationStarted : StatusTrigger;

    /// <summary>The reconciler stored its report.</summary>
    public sealed record Reconciled(int Errors, int Warnings) : StatusTrigger;

    /// <summary>An operator approves; <paramref name="Override"/> when a reason for open errors was given.</summary>
    /// <param name="Override">The operator recorded a reason to approve despite open errors.</param>
    /// <param name="HasErrors">The revision's report has open errors (what a retracted revision's status no longer says).</param>
    public sealed record Approve(bool Override, bool HasErrors = false) : StatusTrigger;

    /// <summary>An operator sends it back to the district.</summary>
    public sealed record Return : StatusTrigger;

    /// <summary>A newer revision of the same submission arrived.</summary>
    public sealed record Supersede : StatusTrigger;

    /// <summary>The website serves it.</summary>
    public sealed record Publish : StatusTrigger;

    /// <summary>The website no longer serves it.</summary>
    public sealed record Retract : StatusTrigger;
}

/// <summary>The result of applying a trigger: the next status, or why nothing changes.</summary>
internal sealed record Transition(RevisionStatus From, RevisionStatus To, string? Refusal)
{
    public bool Allowed => Refusal is null;

    public static Transition Allow(RevisionStatus from, RevisionStatus to) => new(from, to, null);

    public static Transition Refused(RevisionStatus from, string refusal) => new(from, from, refusal);
}

/// <summary>
/// The one place that says which status follows which. Events arrive late, twice or out of order, so a
/// trigger that does not fit the current status is refused with a reason, never an exception.
/// </summary>
internal static class StatusMachine
{
    public static bool IsFinal(RevisionStatus status) =>
        status is RevisionStatus.Published or RevisionStatus.Superseded or RevisionStatus.Retracted or RevisionStatus.Returned;

    public static Transition Apply(RevisionStatus current, StatusTrigger trigger)
    {
        if (current == RevisionStatus.Superseded)
        {
            return Transition.Refused(current, "该修订版本已被新版本取代");
        }

        return trigger switch
        {
            StatusTrigger.ReconciliationStarted => current == RevisionStatus.Received
                ? Transition.Allow(current, RevisionStatus.Reconciling)
                : Refuse(current, "核对已开始或已结束"),

            StatusTrigger.Reconciled reconciled => current is RevisionStatus.Received or RevisionStatus.Reconciling
                ? Transition.Allow(current, ReconciledStatus(reconciled))
                : Refuse(current, "该修订版本已不在核对中"),

            StatusTrigger.Approve approve => current switch
            {
                RevisionStatus.ReconciledClean or RevisionStatus.ReconciledWarnings => Transition.Allow(current, RevisionStatus.Approved),
                RevisionStatus.ReconciledErrors when approve.Override => Transition.Allow(current, RevisionStatus.Approved),
                RevisionStatus.ReconciledErrors => Refuse(current, "存在未处理的错误，须填写覆盖理由"),
                // A retracted disclosure may go back on the website by a new approval of the same content.
                RevisionStatus.Retracted when !approve.HasErrors || approve.Override => Transition.Allow(current, RevisionStatus.Approved),
                RevisionStatus.Retracted => Refuse(current, "存在未处理的错误，须填写覆盖理由"),
                RevisionStatus.Received or RevisionStatus.Reconciling => Refuse(current, "尚未完成核对，不能审核通过"),
                _ => Refuse(current, $"当前状态（{current.ToChinese()}）不能审核通过"),
            },

            StatusTrigger.Return => current is RevisionStatus.Received or RevisionStatus.Reconciling or RevisionStatus.ReconciledClean
                    or RevisionStatus.ReconciledWarnings or RevisionStatus.ReconciledErrors or RevisionStatus.Approved
                ? Transition.Allow(current, RevisionStatus.Returned)
                : Refuse(current, $"当前状态（{current.ToChinese()}）不能退回"),

            StatusTrigger.Supersede => Transition.Allow(current, RevisionStatus.Superseded),

            StatusTrigger.Publish => current == RevisionStatus.Approved
                ? Transition.Allow(current, RevisionStatus.Published)
                : Refuse(current, $"只有已审核通过的版本才能发布（当前：{current.ToChinese()}）"),

            StatusTrigger.Retract => current == RevisionStatus.Published
                ? Transition.Allow(current, RevisionStatus.Retracted)
                : Refuse(current, $"只有已发布的版本才能撤回（当前：{current.ToChinese()}）"),

            _ => Refuse(current, "未知的状态变化"),
        };
    }

    private static RevisionStatus ReconciledStatus(StatusTrigger.Reconciled reconciled) =>
        reconciled.Errors > 0 ? RevisionStatus.ReconciledErrors
        : reconciled.Warnings > 0 ? RevisionStatus.ReconciledWarnings
        : RevisionStatus.ReconciledClean;

    private static Transition Refuse(RevisionStatus current, string reason) => Transition.Refused(current, reason);
}
