namespace BudgetMesh.Contracts.Budget;

/// <summary>
/// Size limits of a package's content, as <see cref="PackageValidator"/> checks them. Real packages are a few hundred
/// KiB; the limits stop abuse, not data. Intake's configured limits extend this record.
/// </summary>
public record PackageLimits
{
    /// <summary>Most rows (or indicators, or project target tables) in one table.</summary>
    public int MaxRowsPerTable { get; init; } = 5000;

    /// <summary>Longest narrative, in UTF-16 code units.</summary>
    public int MaxNarrativeChars { get; init; } = 200_000;

    /// <summary>Longest other text field (names, labels, goal texts, notes).</summary>
    public int MaxTextChars { get; init; } = 20_000;

    /// <summary>Longest amount cell; a cell longer than this is not a printed figure, whatever it says.</summary>
    public int MaxAmountChars { get; init; } = 64;
}
