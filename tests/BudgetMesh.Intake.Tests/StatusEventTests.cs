using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>Status driven by bus events and operators: de-duplication, stale events, the approval gate, the audit trail.</summary>
public sealed class StatusEventTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task A_redelivered_event_changes_the_status_once()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        var started = new ReconciliationStarted(Guid.NewGuid(), Guid.Parse(receipt.SubmissionId), 1, DateTimeOffset.UtcNow);

        await intake.Probe.PublishAsync(started);
        await intake.Probe.PublishAsync(started);
        await intake.WaitForStatusAsync(receipt.SubmissionId, 1, SubmissionStatus.Reconciling);
        await ReconcileAsync(receipt, errors: 0);

        var history = (await intake.Operator.GetAsync(receipt.SubmissionId)).History.Select(h => h.Status);
        Assert.Equal([SubmissionStatus.Received, SubmissionStatus.Reconciling, SubmissionStatus.ReconciledClean], history);
        Assert.Equal(1L, await intake.ScalarAsync<long>("SELECT count(*) FROM intake.inbox_messages WHERE message_id = $1", started.EventId));
    }

    [Fact]
    public async Task A_stale_event_for_a_superseded_revision_changes_nothing_and_is_recorded()
    {
        var package = intake.NewPackage();
        var first = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;
        package.Tables.Gf.Rows[1].Total = "0";
        await intake.OwnDistrict.SubmitAsync(package);

        await intake.Probe.PublishAsync(new BudgetReconciled(Guid.NewGuid(), Guid.Parse(first.SubmissionId), 1, first.ContentHash, Guid.NewGuid(), 3, 0, 0, 0, DateTimeOffset.UtcNow));
        await WaitForAuditAsync(first.SubmissionId, "event-ignored");

        var revision1 = await intake.Operator.GetAsync(first.SubmissionId, 1);
        Assert.Equal(SubmissionStatus.Superseded, revision1.Receipt.Status);
        var ignored = (await intake.Operator.AuditAsync(first.SubmissionId)).Entries.Single(e => e.Action == "event-ignored");
        Assert.Equal(1, ignored.Revision);
        Assert.Equal("“校核完成”通知：该修订版本已被新版本取代", ignored.Reason);
    }

    [Fact]
    public async Task An_event_for_an_unknown_submission_is_recorded_and_not_retried_forever()
    {
        var unknown = Guid.NewGuid();

        await intake.Probe.PublishAsync(new DisclosurePublished(Guid.NewGuid(), unknown, 1, "abc", "/x", DateTimeOffset.UtcNow));

        await WaitUntilAsync(async () => await intake.ScalarAsync<long>("SELECT count(*) FROM intake.audit_entries WHERE submission_id = $1 AND action = 'event-ignored'", unknown) == 1);
    }

    [Fact]
    public async Task Approval_is_refused_while_errors_are_open_and_allowed_with_an_override_reason()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        await ReconcileAsync(receipt, errors: 2);
        var request = new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash };

        var refused = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ApproveAsync(request));
        request.OverrideReason = "经核实为模板口径差异，已书面说明";
        request.Comment = "请区县下次按新模板报送";
        var approved = await intake.Operator.ApproveAsync(request);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(SubmissionStatus.Approved, approved.Receipt.Status);
        var published = await intake.Probe.WaitForAsync<DisclosureApproved>(e => e.SubmissionId.ToString() == receipt.SubmissionId);
        Assert.Equal((1, receipt.ContentHash, "财政局审核员", request.OverrideReason), (published.Revision, published.ContentHash, published.ApprovedBy, published.OverrideReason));
        var audit = (await intake.Operator.AuditAsync(receipt.SubmissionId)).Entries;
        Assert.Equal(["submit", "reconciled", "approve", "override"], audit.Select(e => e.Action));
        // The override is flagged and keeps both its reason and the 备注, in the audit trail and in the history.
        const string Recorded = "越过2个错误批准，理由：经核实为模板口径差异，已书面说明；备注：请区县下次按新模板报送";
        Assert.Equal([Recorded, Recorded], audit.Where(e => e.Action is "approve" or "override").Select(e => e.Reason));
        Assert.Equal(Recorded, (await intake.Operator.GetAsync(receipt.SubmissionId)).History.Last().Reason);
    }

    [Fact]
    public async Task Approval_needs_the_content_hash_the_operator_reviewed()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        await ReconcileAsync(receipt, errors: 0);

        var error = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ApproveAsync(
            new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = new string('0', 64) }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(SubmissionStatus.ReconciledClean, (await intake.Operator.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task Approval_before_reconciliation_and_of_unknown_revisions_is_refused_deliberately()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;

        var early = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ApproveAsync(
            new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash }));
        var missing = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ApproveAsync(
            new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 7, ContentHash = receipt.ContentHash }));
        var malformed = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.GetAsync("not-a-uuid"));

        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal("submission_id", Assert.Single(malformed.FieldViolations()).Field);
    }

    [Fact]
    public async Task Published_and_retracted_come_from_publication_and_are_audited()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        var id = Guid.Parse(receipt.SubmissionId);
        await ReconcileAsync(receipt, errors: 0);
        await intake.Operator.ApproveAsync(new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash });

        await intake.Probe.PublishAsync(new DisclosurePublished(Guid.NewGuid(), id, 1, receipt.ContentHash, "/p.html", DateTimeOffset.UtcNow));
        await intake.WaitForStatusAsync(receipt.SubmissionId, 1, SubmissionStatus.Published);
        await intake.Probe.PublishAsync(new DisclosureRetracted(Guid.NewGuid(), id, 1, "财政局审核员", "数据有误", DateTimeOffset.UtcNow));
        await intake.WaitForStatusAsync(receipt.SubmissionId, 1, SubmissionStatus.Retracted);

        var audit = (await intake.OwnDistrict.AuditAsync(receipt.SubmissionId)).Entries;
        Assert.Equal(["submit", "reconciled", "approve", "publish", "retract"], audit.Select(e => e.Action));
        Assert.Equal("数据有误", audit[^1].Reason);

        // Retracted is not the end: the same content may be approved again and go back on the website.
        var again = await intake.Operator.ApproveAsync(new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash, Comment = "核实无误，重新发布" });
        Assert.Equal(SubmissionStatus.Approved, again.Receipt.Status);
        var approvedAgain = await intake.Probe.WaitForAsync<DisclosureApproved>(e => e.SubmissionId == id && e.OccurredAt > audit[^1].At.ToDateTimeOffset());
        Assert.Equal(1, approvedAgain.Revision);
    }

    [Fact]
    public async Task Returning_an_approved_revision_tells_the_bus_so_approved_figures_stop_counting()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        await ReconcileAsync(receipt, errors: 0);
        await intake.Operator.ApproveAsync(new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash });

        var returned = await intake.Operator.ReturnAsync(receipt.SubmissionId, 1, "附件7 口径有误，请更正后重报");

        Assert.Equal(SubmissionStatus.Returned, returned.Receipt.Status);
        var message = await intake.Probe.WaitForAsync<DisclosureReturned>(e => e.SubmissionId.ToString() == receipt.SubmissionId);
        Assert.Equal((1, "财政局审核员", "附件7 口径有误，请更正后重报"), (message.Revision, message.ReturnedBy, message.Comment));
    }

    [Fact]
    public async Task The_audit_trail_cannot_be_rewritten()
    {
        await intake.OwnDistrict.SubmitAsync(intake.NewPackage());

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => intake.ScalarAsync<object>("UPDATE intake.audit_entries SET reason = 'x'"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => intake.ScalarAsync<object>("DELETE FROM intake.status_history"));
    }

    [Fact]
    public async Task Audit_entries_page_in_order()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        await intake.Operator.ReturnAsync(receipt.SubmissionId, 1, "请补充");

        var first = await intake.Operator.AuditAsync(receipt.SubmissionId, pageSize: 1);
        var second = await intake.Operator.AuditAsync(receipt.SubmissionId, pageSize: 1, pageToken: first.NextPageToken);

        Assert.Equal("submit", Assert.Single(first.Entries).Action);
        Assert.Equal("return", Assert.Single(second.Entries).Action);
        Assert.Equal(string.Empty, second.NextPageToken);
    }

    private async Task ReconcileAsync(Receipt receipt, int errors)
    {
        await intake.Probe.PublishAsync(new BudgetReconciled(Guid.NewGuid(), Guid.Parse(receipt.SubmissionId), receipt.Revision, receipt.ContentHash, Guid.NewGuid(), errors, 0, 0, 0, DateTimeOffset.UtcNow));
        await intake.WaitForStatusAsync(receipt.SubmissionId, receipt.Revision, errors > 0 ? SubmissionStatus.ReconciledErrors : SubmissionStatus.ReconciledClean);
    }

    private Task WaitForAuditAsync(string submissionId, string action) =>
        WaitUntilAsync(async () => (await intake.Operator.AuditAsync(submissionId)).Entries.Any(e => e.Action == action));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true.");
            await Task.Delay(50);
        }
    }
}
