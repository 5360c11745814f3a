namespace BudgetMesh.Reliability.Tests.Counting;

/// <summary>
/// The five counts of a fault scenario, each from the services' own records (never from the load's bookkeeping), with
/// what each is made of. Every figure must be 0.
/// </summary>
/// <param name="Receipts">Revisions the district systems hold a receipt for.</param>
/// <param name="NotStored">Receipts Intake has no revision for (an acknowledged write that did not survive).</param>
/// <param name="NotReconciled">Receipts never reconciled (no reconciled status change), unless superseded first.</param>
/// <param name="NotPublished">A submission's newest approved revision that Publication never confirmed or the website does not serve.</param>
/// <param name="DuplicateReports">Reconciler reports beyond one per submission and content.</param>
/// <param name="DuplicateOutboxEvents">Outbox events beyond one per kind and revision (an event published twice).</param>
/// <param name="DuplicateStatusChanges">Status changes beyond one per revision and status, any reconciled_* counting as one (an event applied twice).</param>
/// <param name="DuplicatePublishedEntries">Publication's "published" entries beyond one per revision.</param>
/// <param name="DuplicateWebsiteListings">Units listed more than once on their district's index page.</param>
/// <param name="StatusOutOfOrder">Status changes that go back in a revision's life, or follow its supersession.</param>
/// <param name="WebsiteOutOfOrder">Disclosures the website serves in an older revision than the newest approved one.</param>
internal sealed record Tally(
    int Receipts,
    int NotStored,
    int NotReconciled,
    int NotPublished,
    int DuplicateReports,
    int DuplicateOutboxEvents,
    int DuplicateStatusChanges,
    int DuplicatePublishedEntries,
    int DuplicateWebsiteListings,
    int StatusOutOfOrder,
    int WebsiteOutOfOrder)
{
    public int Lost => NotStored + NotReconciled + NotPublished;

    public int DuplicateEvents => DuplicateOutboxEvents + DuplicateStatusChanges;

    public int DuplicatePublications => DuplicatePublishedEntries + DuplicateWebsiteListings;

    public int OutOfOrder => StatusOutOfOrder + WebsiteOutOfOrder;

    public bool Clean => Lost == 0 && DuplicateReports == 0 && DuplicateEvents == 0 && DuplicatePublications == 0 && OutOfOrder == 0;

    /// <summary>Counts <paramref name="evidence"/>. Pure: the same evidence always gives the same tally.</summary>
    public static Tally Of(Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var histories = Histories(evidence);
        var stored = evidence.Revisions.ToDictionary(r => (r.SubmissionId, r.Revision));

        var notStored = evidence.Receipts.Count(r => !stored.ContainsKey((r.SubmissionId, r.Revision)));
        var notReconciled = evidence.Receipts.Count(r => stored.ContainsKey((r.SubmissionId, r.Revision))
            && !Reconciled(histories.GetValueOrDefault((r.SubmissionId, r.Revision)) ?? []));

        var (unpublished, websiteOutOfOrder) = Publications(evidence, histories);

        return new Tally(
            evidence.Receipts.Count,
            notStored,
            notReconciled,
            unpublished.Count,
            Extra(evidence.Reports.GroupBy(r => (r.SubmissionId, r.ContentHash))),
            Extra(evidence.Events.GroupBy(e => (e.Kind, e.SubmissionId, e.Revision))),
            Extra(evidence.StatusChanges.GroupBy(c => (c.SubmissionId, c.Revision, StatusLife.IsReconciled(c.Status) ? "reconciled" : c.Status))),
            Extra(evidence.Published.GroupBy(p => (p.SubmissionId, p.Revision))),
            evidence.Website.Sum(w => Math.Max(0, w.Listings - 1)),
            histories.Values.Sum(StatusLife.StepsBack),
            websiteOutOfOrder);
    }

    /// <summary>The submissions counted as not published, so that a failing scenario can say which and why.</summary>
    public static IReadOnlyList<Guid> Unpublished(Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return Publications(evidence, Histories(evidence)).NotPublished;
    }

    private static Dictionary<(Guid, int), List<string>> Histories(Evidence evidence) => evidence.StatusChanges
        .GroupBy(c => (c.SubmissionId, c.Revision))
        .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Sequence).Select(c => c.Status).ToList());

    /// <summary>Reconciled, or superseded by a newer revision before it was (the reconciler then need not finish it).</summary>
    private static bool Reconciled(List<string> history) =>
        history.Any(s => StatusLife.IsReconciled(s) || s == StatusLife.Superseded);

    /// <summary>
    /// Per submission, the newest revision an operator approved must be confirmed by Publication and served by the
    /// website with that revision's unit name; serving an older revision's name is out of order, serving none is lost.
    /// </summary>
    private static (List<Guid> NotPublished, int OutOfOrder) Publications(
        Evidence evidence, Dictionary<(Guid, int), List<string>> histories)
    {
        var confirmed = evidence.Published.Select(p => (p.SubmissionId, p.Revision)).ToHashSet();
        var website = evidence.Website
            .GroupBy(w => (w.DistrictCode, w.BudgetYear, w.UnitCode))
            .ToDictionary(g => g.Key, g => g.First());
        var notPublished = new List<Guid>();
        var outOfOrder = 0;
        foreach (var submission in evidence.Revisions.GroupBy(r => r.SubmissionId))
        {
            var approved = submission
                .Where(r => histories.TryGetValue((r.SubmissionId, r.Revision), out var h) && h.Contains(StatusLife.Approved))
                .MaxBy(r => r.Revision);
            if (approved is null)
            {
                continue;
            }

            var served = website.GetValueOrDefault((approved.DistrictCode, approved.BudgetYear, approved.UnitCode));
            if (!confirmed.Contains((approved.SubmissionId, approved.Revision)) || served is null || served.Listings == 0 || served.UnitName is null)
            {
                notPublished.Add(submission.Key);
            }
            else if (served.UnitName != approved.UnitName)
            {
                // The website holds this unit's files, but not the newest approved revision's.
                var older = submission.Any(r => r.Revision < approved.Revision && r.UnitName == served.UnitName);
                if (older)
                {
                    outOfOrder++;
                }
                else
                {
                    notPublished.Add(submission.Key);
                }
            }
        }

        return (notPublished, outOfOrder);
    }

    private static int Extra<TKey, T>(IEnumerable<IGrouping<TKey, T>> groups) => groups.Sum(g => g.Count() - 1);
}
