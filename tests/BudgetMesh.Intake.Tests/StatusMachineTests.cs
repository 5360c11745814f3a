using BudgetMesh.Intake.Status;

namespace BudgetMesh.Intake.Tests;

public sealed class StatusMachineTests
{
    [Theory]
    [InlineData(0, 0, "reconciled_clean")]
    [InlineData(0, 2, "reconciled_warnings")]
    [InlineData(1, 2, "reconciled_errors")]
    public void Reconciled_status_follows_the_report_counts(int errors, int warnings, string expected)
    {
        Assert.Equal(RevisionStatusNames.Parse(expected), StatusMachine.Apply(RevisionStatus.Reconciling, new StatusTrigger.Reconciled(errors, warnings)).To);
        Assert.Equal(RevisionStatusNames.Parse(expected), StatusMachine.Apply(RevisionStatus.Received, new StatusTrigger.Reconciled(errors, warnings)).To);
    }

    [Fact]
    public void The_happy_path_runs_from_received_to_published_and_retracted()
    {
        var status = RevisionStatus.Received;
        StatusTrigger[] triggers = [new StatusTrigger.ReconciliationStarted(), new StatusTrigger.Reconciled(0, 0), new StatusTrigger.Approve(false), new StatusTrigger.Publish(), new StatusTrigger.Retract()];
        var seen = new List<RevisionStatus>();
        foreach (var trigger in triggers)
        {
            var transition = StatusMachine.Apply(status, trigger);
            Assert.True(transition.Allowed, transition.Refusal);
            status = transition.To;
            seen.Add(status);
        }

        Assert.Equal([RevisionStatus.Reconciling, RevisionStatus.ReconciledClean, RevisionStatus.Approved, RevisionStatus.Published, RevisionStatus.Retracted], seen);
    }

    [Fact]
    public void Approval_with_open_errors_needs_an_override()
    {
        Assert.False(StatusMachine.Apply(RevisionStatus.ReconciledErrors, new StatusTrigger.Approve(false)).Allowed);
        Assert.Equal(RevisionStatus.Approved, StatusMachine.Apply(RevisionStatus.ReconciledErrors, new StatusTrigger.Approve(true)).To);
    }

    [Fact]
    public void A_retracted_revision_can_be_approved_again_with_an_override_when_its_report_had_errors()
    {
        Assert.Equal(RevisionStatus.Approved, StatusMachine.Apply(RevisionStatus.Retracted, new StatusTrigger.Approve(false, HasErrors: false)).To);
        Assert.False(StatusMachine.Apply(RevisionStatus.Retracted, new StatusTrigger.Approve(false, HasErrors: true)).Allowed);
        Assert.Equal(RevisionStatus.Approved, StatusMachine.Apply(RevisionStatus.Retracted, new StatusTrigger.Approve(true, HasErrors: true)).To);
    }

    [Theory]
    [InlineData("received")]
    [InlineData("reconciling")]
    [InlineData("published")]
    [InlineData("returned")]
    [InlineData("superseded")]
    public void Approval_is_refused_outside_the_reconciled_states(string status) =>
        Assert.False(StatusMachine.Apply(RevisionStatusNames.Parse(status), new StatusTrigger.Approve(true)).Allowed);

    [Fact]
    public void A_superseded_revision_ignores_every_trigger_with_a_reason()
    {
        StatusTrigger[] triggers = [new StatusTrigger.ReconciliationStarted(), new StatusTrigger.Reconciled(0, 0), new StatusTrigger.Approve(true), new StatusTrigger.Return(), new StatusTrigger.Supersede(), new StatusTrigger.Publish(), new StatusTrigger.Retract()];
        foreach (var trigger in triggers)
        {
            var transition = StatusMachine.Apply(RevisionStatus.Superseded, trigger);
            Assert.False(transition.Allowed);
            Assert.Equal(RevisionStatus.Superseded, transition.To);
            Assert.Contains("已被新版本取代", transition.Refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Events_out_of_order_change_nothing()
    {
        Assert.False(StatusMachine.Apply(RevisionStatus.ReconciledClean, new StatusTrigger.ReconciliationStarted()).Allowed);
        Assert.False(StatusMachine.Apply(RevisionStatus.Received, new StatusTrigger.Publish()).Allowed);
        Assert.False(StatusMachine.Apply(RevisionStatus.Approved, new StatusTrigger.Retract()).Allowed);
        Assert.False(StatusMachine.Apply(RevisionStatus.Approved, new StatusTrigger.Reconciled(0, 0)).Allowed);
    }

    [Theory]
    [InlineData("published", true)]
    [InlineData("superseded", true)]
    [InlineData("retracted", true)]
    [InlineData("returned", true)]
    [InlineData("approved", false)]
    [InlineData("reconciled_errors", false)]
    public void Final_states_are_the_ones_a_watch_ends_at(string status, bool final) =>
        Assert.Equal(final, StatusMachine.IsFinal(RevisionStatusNames.Parse(status)));
}
