using System.Diagnostics;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Intake.Submission;

/// <summary>
/// Joins a revision's journey: SubmitPackage stores its trace context with the revision, and a decision on the revision
/// (which an operator's request starts as a trace of its own) adds a span link back to it.
/// </summary>
internal static class RevisionTrace
{
    /// <summary>The current span as W3C trace parent and state, to store with the revision.</summary>
    public static (object Parent, object State) Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } activity
            ? (id, (object?)activity.TraceStateString ?? DBNull.Value)
            : (DBNull.Value, DBNull.Value);

    /// <summary>Links the current span to the trace that submitted <paramref name="revision"/>, when one was stored.</summary>
    public static async Task LinkToSubmissionAsync(ChangeTransaction change, Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        if (Activity.Current is not { Recorded: true } current)
        {
            return;
        }

        await using var command = change.Command("SELECT trace_parent, trace_state FROM revisions WHERE submission_id = $1 AND revision = $2");
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            && ActivityContext.TryParse(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), isRemote: true, out var submitted))
        {
            current.AddLink(new ActivityLink(submitted, new ActivityTagsCollection { ["budgetmesh.link"] = "submitted" }));
        }
    }
}
