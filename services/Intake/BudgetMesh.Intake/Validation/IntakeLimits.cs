using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Intake.Validation;

/// <summary>Size limits of a package. Real packages are a few hundred KiB; the limits stop abuse, not data.</summary>
internal sealed record IntakeLimits
{
    public const string MaxPackageBytesVariable = "BUDGETMESH_INTAKE_MAX_PACKAGE_BYTES";
    public const string MaxRowsPerTableVariable = "BUDGETMESH_INTAKE_MAX_ROWS_PER_TABLE";
    public const string MaxNarrativeCharsVariable = "BUDGETMESH_INTAKE_MAX_NARRATIVE_CHARS";

    /// <summary>Largest SubmitPackage request; the gRPC layer answers RESOURCE_EXHAUSTED above it.</summary>
    public int MaxPackageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most rows (or indicators, or project target tables) in one table.</summary>
    public int MaxRowsPerTable { get; init; } = 5000;

    /// <summary>Longest narrative, in UTF-16 code units.</summary>
    public int MaxNarrativeChars { get; init; } = 200_000;

    /// <summary>Longest other text field (names, labels, goal texts, notes).</summary>
    public int MaxTextChars { get; init; } = 20_000;

    /// <summary>Longest amount cell; a cell longer than this is not a printed figure, whatever it says.</summary>
    public int MaxAmountChars { get; init; } = 64;

    public static IntakeLimits From(IConfiguration configuration)
    {
        var defaults = new IntakeLimits();
        return defaults with
        {
            MaxPackageBytes = Read(configuration, MaxPackageBytesVariable, defaults.MaxPackageBytes),
            MaxRowsPerTable = Read(configuration, MaxRowsPerTableVariable, defaults.MaxRowsPerTable),
            MaxNarrativeChars = Read(configuration, MaxNarrativeCharsVariable, defaults.MaxNarrativeChars),
        };
    }

    private static int Read(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is { Length: > 0 } raw
            ? int.TryParse(raw, out var value) && value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive integer, not '{raw}'.")
            : fallback;
}
