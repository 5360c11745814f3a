using System.Diagnostics;
using BudgetMesh.ServiceDefaults.Telemetry;

namespace BudgetMesh.Publication.Publishing;

/// <summary>
/// The publisher works in a background loop, outside the consumer or rpc that queued the work, so without help its
/// website pushes and its DisclosurePublished would start traces of their own. The queuing change stores its trace
/// parent on the row; the publisher's span continues that trace.
/// </summary>
internal static class PublisherTelemetry
{
    public static readonly ActivitySource Source = new("BudgetMesh.Publication");

    /// <summary>The current activity as a W3C trace parent and state, to store beside queued work.</summary>
    public static (object TraceParent, object TraceState) Current()
    {
        var activity = Activity.Current;
        return activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id }
            ? (id, (object?)activity.TraceStateString ?? DBNull.Value)
            : (DBNull.Value, DBNull.Value);
    }

    /// <summary>
    /// Starts the span of one piece of background work (website work unless <paramref name="name"/> says otherwise) under
    /// the trace that queued it (a new trace if none was stored).
    /// </summary>
    public static Activity? Start(PublicationRecord record, string? name = null)
    {
        name ??= record.State == States.Pending ? "publish disclosure" : "retract disclosure";
        var activity = ActivityContext.TryParse(record.TraceParent, record.TraceState, isRemote: true, out var parent)
            ? Source.StartActivity(name, ActivityKind.Internal, parent)
            : Source.StartActivity(name, ActivityKind.Internal, parentContext: default);
        activity.TagSubmission(record.SubmissionId);
        activity?.SetTag("budgetmesh.revision", record.Revision);
        activity?.SetTag("budgetmesh.attempt", record.Attempts + 1);
        return activity;
    }
}
