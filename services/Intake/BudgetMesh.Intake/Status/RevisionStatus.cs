using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Intake.Status;

/// <summary>Where a revision is in its life. Stored as its snake_case name.</summary>
internal enum RevisionStatus
{
    Received,
    Reconciling,
    ReconciledClean,
    ReconciledWarnings,
    ReconciledErrors,
    Approved,
    Published,
    Returned,
    Superseded,
    Retracted,
}

internal static class RevisionStatusNames
{
    private static readonly Dictionary<RevisionStatus, string> Names = new()
    {
        [RevisionStatus.Received] = "received",
        [RevisionStatus.Reconciling] = "reconciling",
        [RevisionStatus.ReconciledClean] = "reconciled_clean",
        [RevisionStatus.ReconciledWarnings] = "reconciled_warnings",
        [RevisionStatus.ReconciledErrors] = "reconciled_errors",
        [RevisionStatus.Approved] = "approved",
        [RevisionStatus.Published] = "published",
        [RevisionStatus.Returned] = "returned",
        [RevisionStatus.Superseded] = "superseded",
        [RevisionStatus.Retracted] = "retracted",
    };

    private static readonly Dictionary<string, RevisionStatus> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string ToName(this RevisionStatus status) => Names[status];

    /// <summary>The status in the one vocabulary operators read (StatusWords), for refusals a person sees.</summary>
    public static string ToChinese(this RevisionStatus status) => BudgetMesh.Contracts.Intake.V1.StatusWords.Label(status.ToProto());

    public static RevisionStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new InvalidOperationException($"Unknown revision status '{name}'.");

    public static SubmissionStatus ToProto(this RevisionStatus status) => status switch
    {
        RevisionStatus.Received => SubmissionStatus.Received,
        RevisionStatus.Reconciling => SubmissionStatus.Reconciling,
        RevisionStatus.ReconciledClean => SubmissionStatus.ReconciledClean,
        RevisionStatus.ReconciledWarnings => SubmissionStatus.ReconciledWarnings,
        RevisionStatus.ReconciledErrors => SubmissionStatus.ReconciledErrors,
        RevisionStatus.Approved => SubmissionStatus.Approved,
        RevisionStatus.Published => SubmissionStatus.Published,
        RevisionStatus.Returned => SubmissionStatus.Returned,
        RevisionStatus.Superseded => SubmissionStatus.Superseded,
        RevisionStatus.Retracted => SubmissionStatus.Retracted,
        _ => SubmissionStatus.Unspecified,
    };

    public static RevisionStatus? FromProto(SubmissionStatus status) => status switch
    {
        SubmissionStatus.Received => RevisionStatus.Received,
        SubmissionStatus.Reconciling => RevisionStatus.Reconciling,
        SubmissionStatus.ReconciledClean => RevisionStatus.ReconciledClean,
        SubmissionStatus.ReconciledWarnings => RevisionStatus.ReconciledWarnings,
        SubmissionStatus.ReconciledErrors => RevisionStatus.ReconciledErrors,
        SubmissionStatus.Approved => RevisionStatus.Approved,
        SubmissionStatus.Published => RevisionStatus.Published,
        SubmissionStatus.Returned => RevisionStatus.Returned,
        SubmissionStatus.Superseded => RevisionStatus.Superseded,
        SubmissionStatus.Retracted => RevisionStatus.Retracted,
        _ => null,
    };
}
