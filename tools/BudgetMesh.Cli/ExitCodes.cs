namespace BudgetMesh.Cli;

/// <summary>What scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Findings with errors (report, check, submit --wait), or anything else the server refused or failed with.</summary>
    public const int Failed = 1;

    /// <summary>Same value as <see cref="Failed"/>, named for the commands that judge a report.</summary>
    public const int FindingsWithErrors = Failed;

    /// <summary>Wrong usage, or input the server refused as invalid (the reason is printed).</summary>
    public const int InvalidInput = 2;

    /// <summary>The service did not answer (not running, wrong URL, deadline passed).</summary>
    public const int Unreachable = 3;
}
