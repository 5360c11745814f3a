using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>Acceptance 5: a streaming client sees every status change of a revision, in order, until a final state.</summary>
public sealed class WatchTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task Watch_delivers_every_status_change_in_order_and_ends_when_published()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        var id = Guid.Parse(receipt.SubmissionId);
        using var watch = intake.OwnDistrict.Watch(receipt.SubmissionId);
        await using var stream = watch.ResponseStream.ReadAllAsync().GetAsyncEnumerator();

        Assert.Equal(SubmissionStatus.Received, await NextAsync(stream));

        await intake.Probe.PublishAsync(new ReconciliationStarted(Guid.NewGuid(), id, 1, DateTimeOffset.UtcNow));
        Assert.Equal(SubmissionStatus.Reconciling, await NextAsync(stream));

        await intake.Probe.PublishAsync(new BudgetReconciled(Guid.NewGuid(), id, 1, receipt.ContentHash, Guid.NewGuid(), 0, 2, 5, 1, DateTimeOffset.UtcNow));
        Assert.Equal(SubmissionStatus.ReconciledWarnings, await NextAsync(stream));
        Assert.Equal(2, stream.Current.Summary.ReportSummary.Warnings);

        await intake.Operator.ApproveAsync(new ApproveRevisionRequest { SubmissionId = receipt.SubmissionId, Revision = 1, ContentHash = receipt.ContentHash, Comment = "警告已核实" });
        Assert.Equal(SubmissionStatus.Approved, await NextAsync(stream));
        Assert.Contains("operator", stream.Current.Change.Actor, StringComparison.Ordinal);

        await intake.Probe.PublishAsync(new DisclosurePublished(Guid.NewGuid(), id, 1, receipt.ContentHash, "/2023/500107/x.html", DateTimeOffset.UtcNow));
        Assert.Equal(SubmissionStatus.Published, await NextAsync(stream));

        Assert.False(await stream.MoveNextAsync());
    }

    [Fact]
    public async Task Watching_a_revision_that_a_new_one_supersedes_ends_with_superseded()
    {
        var package = intake.NewPackage();
        var first = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;
        using var watch = intake.Operator.Watch(first.SubmissionId, 1);
        await using var stream = watch.ResponseStream.ReadAllAsync().GetAsyncEnumerator();
        Assert.Equal(SubmissionStatus.Received, await NextAsync(stream));

        package.Narrative.Text += "\n更正";
        await intake.OwnDistrict.SubmitAsync(package);

        Assert.Equal(SubmissionStatus.Superseded, await NextAsync(stream));
        Assert.Equal(2, stream.Current.Summary.LatestRevision);
        Assert.False(await stream.MoveNextAsync());
    }

    [Fact]
    public async Task Watching_a_revision_already_in_a_final_state_sends_it_and_ends()
    {
        var receipt = (await intake.OwnDistrict.SubmitAsync(intake.NewPackage())).Receipt;
        await intake.Operator.ReturnAsync(receipt.SubmissionId, 1, "数据不完整");

        using var watch = intake.OwnDistrict.Watch(receipt.SubmissionId);
        await using var stream = watch.ResponseStream.ReadAllAsync().GetAsyncEnumerator();

        Assert.Equal(SubmissionStatus.Returned, await NextAsync(stream));
        Assert.Equal("数据不完整", stream.Current.Change.Reason);
        Assert.False(await stream.MoveNextAsync());
    }

    private static async Task<SubmissionStatus> NextAsync(IAsyncEnumerator<WatchSubmissionResponse> stream)
    {
        Assert.True(await stream.MoveNextAsync());
        return stream.Current.Change.Status;
    }
}
