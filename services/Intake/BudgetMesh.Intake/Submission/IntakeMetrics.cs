using System.Diagnostics.Metrics;

namespace BudgetMesh.Intake.Submission;

/// <summary>Intake's own instrument: packages received, by district and whether they were new revisions or repeats.</summary>
internal sealed class IntakeMetrics
{
    public const string MeterName = "BudgetMesh.Intake";

    private readonly Counter<long> _received;

    public IntakeMetrics(IMeterFactory meters) =>
        _received = meters.Create(MeterName).CreateCounter<long>("budgetmesh.submissions.received", "{package}", "Packages accepted by SubmitPackage: a new revision, or a repeat answered with the same receipt.");

    public void Received(string districtCode, bool duplicate) =>
        _received.Add(1, new("budgetmesh.district_code", districtCode), new("budgetmesh.duplicate", duplicate));
}
