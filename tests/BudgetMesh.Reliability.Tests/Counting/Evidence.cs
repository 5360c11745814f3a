namespace BudgetMesh.Reliability.Tests.Counting;

/// <summary>A revision a district system holds Intake's receipt for: it must not be lost.</summary>
internal sealed record HeldReceipt(Guid SubmissionId, int Revision, string ContentHash);

/// <summary>One row of Intake's append-only status history; <paramref name="Sequence"/> is its identity column (write order).</summary>
internal sealed record StatusChange(long Sequence, Guid SubmissionId, int Revision, string Status);

/// <summary>A revision as Intake stored it: where its disclosure goes on the website and the unit name it prints.</summary>
internal sealed record StoredRevision(Guid SubmissionId, int Revision, string ContentHash, string DistrictCode, int BudgetYear, string UnitCode, string UnitName);

/// <summary>One report row of the Reconciler.</summary>
internal sealed record ReportRow(Guid SubmissionId, int Revision, string ContentHash);

/// <summary>One event a service wrote to its outbox (what it published on the bus), by kind, e.g. "budget-reconciled".</summary>
internal sealed record EventRow(string Kind, Guid SubmissionId, int Revision);

/// <summary>One "published" entry of Publication's append-only history: the website confirmed this revision's files.</summary>
internal sealed record PublishedRow(Guid SubmissionId, int Revision);

/// <summary>
/// One disclosure as the website serves it: the unit listed <paramref name="Listings"/> times on its district's
/// index page, and the unit name its own package.json prints (null when the folder has no package.json).
/// </summary>
internal sealed record WebsiteDisclosure(string DistrictCode, int BudgetYear, string UnitCode, int Listings, string? UnitName);

/// <summary>Everything a fault scenario counts from: the services' databases, their outboxes and the website's files.</summary>
internal sealed record Evidence(
    IReadOnlyList<HeldReceipt> Receipts,
    IReadOnlyList<StoredRevision> Revisions,
    IReadOnlyList<StatusChange> StatusChanges,
    IReadOnlyList<ReportRow> Reports,
    IReadOnlyList<EventRow> Events,
    IReadOnlyList<PublishedRow> Published,
    IReadOnlyList<WebsiteDisclosure> Website);
