namespace BudgetMesh.Reliability.Tests.Counting;

/// <summary>
/// The order a revision's life goes in, as Intake's status history records it (stored snake_case names):
/// received → reconciling → reconciled_* → approved → published (→ retracted → approved again); returned and
/// superseded end it. Written from the design, independently of Intake's StatusMachine, so that it can catch it.
/// </summary>
internal static class StatusLife
{
    public const string Received = "received";
    public const string Reconciling = "reconciling";
    public const string Approved = "approved";
    public const string Published = "published";
    public const string Retracted = "retracted";
    public const string Returned = "returned";
    public const string Superseded = "superseded";

    public static bool IsReconciled(string status) => status.StartsWith("reconciled", StringComparison.Ordinal);

    /// <summary>
    /// How many changes of one revision's history (in write order) go back in its life: to an earlier stage than one
    /// already reached, or anything after the revision ended (superseded or returned). A repeat of the same status
    /// is a duplicate, not a step back, and is counted as such elsewhere.
    /// </summary>
    public static int StepsBack(IReadOnlyList<string> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var reached = -1;
        var ended = false;
        var back = 0;
        foreach (var status in history)
        {
            if (ended)
            {
                back++;
                continue;
            }

            if (status is Superseded or Returned)
            {
                ended = true;
                continue;
            }

            var stage = Stage(status);
            if (stage == Stage(Approved) && reached == Stage(Retracted))
            {
                // Approved again after a retraction: the disclosure goes back on the website.
                reached = stage;
                continue;
            }

            if (stage < reached)
            {
                back++;
                continue;
            }

            reached = stage;
        }

        return back;
    }

    private static int Stage(string status) => status switch
    {
        Received => 0,
        Reconciling => 1,
        _ when IsReconciled(status) => 2,
        Approved => 3,
        Published => 4,
        Retracted => 5,
        _ => throw new ArgumentException($"unknown revision status '{status}' in the status history", nameof(status)),
    };
}
