using System.Diagnostics;

namespace BudgetMesh.ServiceDefaults.Telemetry;

/// <summary>Names every BudgetMesh process shares for its telemetry (the wiring is in <see cref="TelemetryExtensions"/>).</summary>
public static class BudgetMeshTelemetry
{
    /// <summary>Every activity source and meter of our own starts with this prefix.</summary>
    public const string SourcePrefix = "BudgetMesh";

    /// <summary>
    /// Span attribute carrying the submission id, so a dashboard can find one submission's journey: set on the work that
    /// moves the submission on (submit, reconcile, approve or return, publish, the status updates), not on reads of it,
    /// whose traces (every page view, every status poll) would bury the journey.
    /// </summary>
    public const string SubmissionIdAttribute = "budgetmesh.submission_id";

    /// <summary>MassTransit's ActivitySource and Meter (MassTransit.Logging.DiagnosticHeaders.DefaultListenerName).</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>Tags the current span with the submission it works on.</summary>
    public static void TagSubmission(this Activity? activity, Guid submissionId) =>
        activity?.SetTag(SubmissionIdAttribute, submissionId.ToString());
}
