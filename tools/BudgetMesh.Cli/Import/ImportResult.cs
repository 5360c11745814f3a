using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>What the text does not say and the caller may know (a district system's own codes).</summary>
internal sealed record ImportOptions
{
    /// <summary>6-digit district code; inferred from the printed district name when not given.</summary>
    public string? DistrictCode { get; init; }

    public string? DepartmentCode { get; init; }

    public string? UnitCode { get; init; }

    /// <summary>The budget year, for a document that does not print it where the reader looks (an annex workbook).</summary>
    public int? BudgetYear { get; init; }

    /// <summary>The layout profiles to read by: the built-in ones unless a caller adds its own (`import --profile`).</summary>
    public LayoutProfiles Layouts
    {
        get => layouts ?? LayoutProfiles.Builtin;
        init => layouts = value;
    }

    private readonly LayoutProfiles? layouts;
}

/// <summary>
/// A line of the source the importer could not put anywhere (1-based line number), with the table it was printed in
/// (a key, empty outside tables) and why it was left.
/// </summary>
internal sealed record UnplacedLine(int LineNumber, string Text)
{
    public string Table { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;
}

/// <summary>The package, the tables recognised (keys in printed order), inferences made, and every unplaced line.</summary>
internal sealed record ImportResult(BudgetPackage Package, IReadOnlyList<string> Tables, IReadOnlyList<string> Notes, IReadOnlyList<UnplacedLine> Unplaced)
{
    /// <summary>The tables as read, for the per-table summary (rows read, lines left).</summary>
    public IReadOnlyList<Section> Sections { get; init; } = [];
}
