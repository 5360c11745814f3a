using BudgetMesh.Contracts.Budget;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Intake.Validation;

/// <summary>Size limits of a request and, through <see cref="PackageLimits"/>, of the package's content, as configured.</summary>
internal sealed record IntakeLimits : PackageLimits
{
    public const string MaxPackageBytesVariable = "BUDGETMESH_INTAKE_MAX_PACKAGE_BYTES";
    public const string MaxRowsPerTableVariable = "BUDGETMESH_INTAKE_MAX_ROWS_PER_TABLE";
    public const string MaxNarrativeCharsVariable = "BUDGETMESH_INTAKE_MAX_NARRATIVE_CHARS";

    /// <summary>Largest SubmitPackage request; the gRPC layer answers RESOURCE_EXHAUSTED above it.</summary>
    public int MaxPackageBytes { get; init; } = 4 * 1024 * 1024;

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
