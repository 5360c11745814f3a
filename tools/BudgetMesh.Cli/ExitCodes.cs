namespace BudgetMesh.Cli;

/// <summary>What scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything else the server refused or failed with.</summary>
    public const int Failed = 1;

    /// <summary>Wrong usage, or input the server refused as invalid (the reason is printed).</summary>
    public const int InvalidInput = 2;

    /// <summary>The service did not answer (not running, wrong URL, deadline passed).</summary>
    public const int Unreachable = 3;
}
