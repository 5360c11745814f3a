using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Console.Submissions;

/// <summary>The submissions waiting for an operator's decision, in the order the list shows them.</summary>
internal static class ReviewQueue
{
    public static bool AwaitsDecision(SubmissionStatus status) =>
        status is SubmissionStatus.ReconciledClean or SubmissionStatus.ReconciledWarnings or SubmissionStatus.ReconciledErrors;

    /// <summary>The next submission after <paramref name="currentId"/> that waits for a decision, wrapping round; null when none.</summary>
    public static async Task<SubmissionSummary?> NextAsync(ServiceCalls calls, string key, string currentId, CancellationToken ct)
    {
        var list = await calls.ListSubmissionsAsync(key, new ListSubmissionsRequest { PageSize = 500 }, ct);
        var all = list.Submissions.ToList();
        var at = all.FindIndex(s => s.SubmissionId == currentId);
        return all.Skip(at + 1).Concat(all.Take(Math.Max(at, 0)))
            .FirstOrDefault(s => s.SubmissionId != currentId && AwaitsDecision(s.Status));
    }
}
