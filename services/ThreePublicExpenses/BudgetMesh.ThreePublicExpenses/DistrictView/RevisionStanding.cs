namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>Where a recorded revision stands after what the bus has said about it.</summary>
internal enum RevisionStanding
{
    /// <summary>Checked by this service; no report yet.</summary>
    Checked,

    /// <summary>Reconciled, waiting for an operator's decision.</summary>
    Reconciled,

    /// <summary>Approved by an operator, not (yet) on the website.</summary>
    Approved,

    /// <summary>Approved and on the website.</summary>
    Published,

    /// <summary>Sent back to its district (after any approval of it).</summary>
    Returned,

    /// <summary>Taken off the website (after its latest approval).</summary>
    Retracted,
}

/// <summary>
/// A revision's standing from the times of the events about it. Events arrive late, twice or out of order, so
/// the latest decision wins by time: an approval after a retraction (approved again) stands, a return or a
/// retraction after the latest approval undoes it; publication counts only for the latest approval.
/// </summary>
internal static class Standings
{
    public static RevisionStanding Of(RecordedRevision revision)
    {
        var undone = Latest(revision.ReturnedAt, revision.RetractedAt);
        if (revision.ApprovedAt is { } approved && (undone is null || approved > undone))
        {
            return revision.PublishedAt is { } published && published >= approved ? RevisionStanding.Published : RevisionStanding.Approved;
        }

        if (undone is not null)
        {
            return undone == revision.ReturnedAt ? RevisionStanding.Returned : RevisionStanding.Retracted;
        }

        return revision.ReconciledAt is null ? RevisionStanding.Checked : RevisionStanding.Reconciled;
    }

    public static bool Counts(RevisionStanding standing) => standing is RevisionStanding.Approved or RevisionStanding.Published;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
