namespace BudgetMesh.Reliability.Tests.Counting;

/// <summary>The fault scenarios' five counts, on hand-made evidence: each kind of loss, duplicate and reordering is seen.</summary>
public sealed class TallyTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void A_clean_run_counts_nothing_lost_duplicated_or_out_of_order()
    {
        var tally = Tally.Of(Story().Build());

        Assert.Equal(3, tally.Receipts);
        Assert.Equal(new Tally(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), tally);
        Assert.True(tally.Clean);
    }

    [Fact]
    public void A_receipt_Intake_has_no_revision_for_is_lost()
    {
        var story = Story();
        story.Revisions.RemoveAll(r => r.SubmissionId == B);
        story.StatusChanges.RemoveAll(c => c.SubmissionId == B);
        story.Reports.RemoveAll(r => r.SubmissionId == B);

        var tally = Tally.Of(story.Build());

        Assert.Equal(1, tally.NotStored);
        Assert.Equal(1, tally.Lost);
        Assert.False(tally.Clean);
    }

    [Fact]
    public void A_stored_revision_never_reconciled_is_lost_unless_a_newer_revision_superseded_it_first()
    {
        var story = Story();
        story.StatusChanges.RemoveAll(c => c.SubmissionId == B && c.Status != "received");
        Assert.Equal(1, Tally.Of(story.Build()).NotReconciled);

        story.Change(B, 1, "superseded");
        Assert.Equal(0, Tally.Of(story.Build()).NotReconciled);
    }

    [Fact]
    public void The_newest_approved_revision_not_confirmed_by_Publication_or_not_on_the_website_is_lost()
    {
        var unconfirmed = Story();
        unconfirmed.Published.RemoveAll(p => p.SubmissionId == A && p.Revision == 2);
        Assert.Equal(1, Tally.Of(unconfirmed.Build()).NotPublished);
        Assert.Equal([A], Tally.Unpublished(unconfirmed.Build()));
        Assert.Empty(Tally.Unpublished(Story().Build()));

        var offline = Story();
        offline.Website.Clear();
        Assert.Equal(1, Tally.Of(offline.Build()).NotPublished);

        var noPackage = Story();
        noPackage.Website[0] = noPackage.Website[0] with { UnitName = null };
        Assert.Equal(1, Tally.Of(noPackage.Build()).NotPublished);
    }

    [Fact]
    public void A_second_report_for_the_same_content_is_a_duplicate_report()
    {
        var story = Story();
        story.Reports.Add(new ReportRow(B, 1, "hb1"));

        Assert.Equal(1, Tally.Of(story.Build()).DuplicateReports);
    }

    [Fact]
    public void An_event_written_twice_or_applied_twice_is_a_duplicate_event()
    {
        var story = Story();
        story.Events.Add(new EventRow("budget-reconciled", B, 1));
        story.Change(B, 1, "reconciled_clean");

        var tally = Tally.Of(story.Build());

        Assert.Equal(1, tally.DuplicateOutboxEvents);
        Assert.Equal(1, tally.DuplicateStatusChanges);
        Assert.Equal(2, tally.DuplicateEvents);
        Assert.Equal(0, tally.StatusOutOfOrder);
    }

    [Fact]
    public void A_revision_published_twice_or_listed_twice_on_the_website_is_a_duplicate_publication()
    {
        var story = Story();
        story.Published.Add(new PublishedRow(A, 2));
        story.Website[0] = story.Website[0] with { Listings = 2 };

        var tally = Tally.Of(story.Build());

        Assert.Equal(1, tally.DuplicatePublishedEntries);
        Assert.Equal(1, tally.DuplicateWebsiteListings);
        Assert.Equal(2, tally.DuplicatePublications);
    }

    [Fact]
    public void A_status_change_that_goes_back_or_follows_a_supersession_is_out_of_order()
    {
        var back = Story();
        back.Change(B, 1, "reconciling");
        Assert.Equal(1, Tally.Of(back.Build()).StatusOutOfOrder);

        var late = Story();
        // Revision 1 of A was superseded by revision 2; a late approval of it is out of order.
        late.Change(A, 1, "approved");
        Assert.Equal(1, Tally.Of(late.Build()).StatusOutOfOrder);
    }

    [Fact]
    public void The_website_serving_an_older_revision_than_the_newest_approved_one_is_out_of_order()
    {
        var story = Story();
        story.Website[0] = story.Website[0] with { UnitName = "单位（第1次报送）" };

        var tally = Tally.Of(story.Build());

        Assert.Equal(1, tally.WebsiteOutOfOrder);
        Assert.Equal(0, tally.NotPublished);
    }

    [Theory]
    [InlineData(new[] { "received", "reconciling", "reconciled_errors", "approved", "published" }, 0)]
    [InlineData(new[] { "received", "reconciled_warnings", "approved" }, 0)]
    [InlineData(new[] { "received", "reconciled_clean", "approved", "published", "retracted", "approved", "published" }, 0)]
    [InlineData(new[] { "received", "reconciled_clean", "reconciling" }, 1)]
    [InlineData(new[] { "received", "approved", "reconciled_clean", "reconciling" }, 2)]
    [InlineData(new[] { "received", "returned", "reconciled_clean" }, 1)]
    [InlineData(new[] { "reconciling", "received" }, 1)]
    public void Steps_back_in_a_revisions_life_are_counted(string[] history, int expected) =>
        Assert.Equal(expected, StatusLife.StepsBack(history));

    [Fact]
    public void An_unknown_status_is_refused_naming_it() =>
        Assert.Contains("'archived'", Assert.Throws<ArgumentException>(() => StatusLife.StepsBack(["received", "archived"])).Message, StringComparison.Ordinal);

    /// <summary>
    /// Two submissions: A with revision 1 (approved, published, then superseded) and revision 2 (approved and
    /// published, on the website); B with revision 1 reconciled and never approved.
    /// </summary>
    private static StoryBuilder Story()
    {
        var story = new StoryBuilder();
        story.Receipts.AddRange([new HeldReceipt(A, 1, "ha1"), new HeldReceipt(A, 2, "ha2"), new HeldReceipt(B, 1, "hb1")]);
        story.Revisions.AddRange([
            new StoredRevision(A, 1, "ha1", "500107", 2025, "U1", "单位（第1次报送）"),
            new StoredRevision(A, 2, "ha2", "500107", 2025, "U1", "单位（第2次报送）"),
            new StoredRevision(B, 1, "hb1", "500104", 2025, "U2", "另一单位"),
        ]);
        foreach (var status in new[] { "received", "reconciling", "reconciled_clean", "approved", "published" })
        {
            story.Change(A, 1, status);
        }

        story.Change(A, 2, "received");
        story.Change(A, 1, "superseded");
        foreach (var status in new[] { "reconciling", "reconciled_warnings", "approved", "published" })
        {
            story.Change(A, 2, status);
        }

        foreach (var status in new[] { "received", "reconciling", "reconciled_errors" })
        {
            story.Change(B, 1, status);
        }

        story.Reports.AddRange([new ReportRow(A, 1, "ha1"), new ReportRow(A, 2, "ha2"), new ReportRow(B, 1, "hb1")]);
        foreach (var (id, revision) in new[] { (A, 1), (A, 2), (B, 1) })
        {
            story.Events.Add(new EventRow("reconciliation-started", id, revision));
            story.Events.Add(new EventRow("budget-reconciled", id, revision));
        }

        story.Events.Add(new EventRow("disclosure-published", A, 1));
        story.Events.Add(new EventRow("disclosure-published", A, 2));
        story.Published.AddRange([new PublishedRow(A, 1), new PublishedRow(A, 2)]);
        story.Website.Add(new WebsiteDisclosure("500107", 2025, "U1", 1, "单位（第2次报送）"));
        return story;
    }

    private sealed class StoryBuilder
    {
        private long _sequence;

        public List<HeldReceipt> Receipts { get; } = [];

        public List<StoredRevision> Revisions { get; } = [];

        public List<StatusChange> StatusChanges { get; } = [];

        public List<ReportRow> Reports { get; } = [];

        public List<EventRow> Events { get; } = [];

        public List<PublishedRow> Published { get; } = [];

        public List<WebsiteDisclosure> Website { get; } = [];

        public void Change(Guid submission, int revision, string status) =>
            StatusChanges.Add(new StatusChange(++_sequence, submission, revision, status));

        public Evidence Build() => new(Receipts, Revisions, StatusChanges, Reports, Events, Published, Website);
    }
}
