using System.Text.Json;
using System.Text.Json.Serialization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Rules.Profiles;

/// <summary>When a region's local table is expected: always, or when the package has that kind of money.</summary>
internal enum TableCondition
{
    Always,
    Basic,
    Project,
    StateCapital,
}

/// <summary>A table (or one figure of a table, when <see cref="Column"/> is set) a region adds to the national eight.</summary>
internal sealed record LocalTable(TableKey Table, string Column, TableCondition When, string Why);

/// <summary>A narrative section a region expects, with the heading words that introduce it there.</summary>
internal sealed record ExpectedSection(string Kind, string Name, IReadOnlyList<string> Headings);

/// <summary>
/// What a region's disclosures print, for checking: the tables required and added, where tables are numbered
/// (on the table page or only in the 目录), which CZ subtotal rows exist, and the narrative sections with their
/// headings. Data (Rules/Profiles/regions.json), chosen by the province of the package's district code.
/// </summary>
internal sealed record RegionProfile(
    string Id,
    string Name,
    IReadOnlyList<string> Provinces,
    string Basis,
    IReadOnlyList<TableKey> RequiredTables,
    IReadOnlyList<LocalTable> LocalTables,
    bool NumberedInContents,
    IReadOnlySet<string> CzRows,
    IReadOnlyList<ExpectedSection> Sections)
{
    /// <summary>Whether the region's CZ prints the given subtotal row (proto field name, e.g. "current_year_income").</summary>
    public bool PrintsCzRow(string field) => CzRows.Contains(field);
}

/// <summary>The embedded regional profiles and the choice of one for a package.</summary>
internal static class RegionProfiles
{
    private static readonly Lazy<(RegionProfile National, IReadOnlyList<RegionProfile> All)> Loaded = new(Load);

    public static RegionProfile National => Loaded.Value.National;

    public static IReadOnlyList<RegionProfile> All => Loaded.Value.All;

    /// <summary>The profile of the package's province (first two digits of its district code), else the national baseline.</summary>
    public static RegionProfile For(BudgetPackage package) => For(package.Header?.DistrictCode);

    public static RegionProfile For(string? districtCode)
    {
        var code = districtCode?.Trim() ?? string.Empty;
        if (code.Length >= 2)
        {
            foreach (var profile in All)
            {
                foreach (var province in profile.Provinces)
                {
                    if (code.StartsWith(province, StringComparison.Ordinal))
                    {
                        return profile;
                    }
                }
            }
        }

        return National;
    }

    /// <summary>Reads and checks a profile file: every table key and section kind known, one national profile.</summary>
    internal static (RegionProfile National, IReadOnlyList<RegionProfile> All) Parse(byte[] content)
    {
        var file = JsonSerializer.Deserialize<ProfileFile>(content) ?? throw new InvalidDataException("regions.json is empty.");
        var national = file.Profiles.SingleOrDefault(p => p.Provinces is null || p.Provinces.Count == 0)
            ?? throw new InvalidDataException("regions.json needs exactly one profile without provinces (the national baseline).");
        var nationalSections = Sections(national);
        var profiles = file.Profiles.Select(p => new RegionProfile(
            p.Id,
            p.Name,
            p.Provinces ?? [],
            p.Basis,
            [.. p.RequiredTables.Select(t => Key(p.Id, t))],
            [.. (p.LocalTables ?? []).Select(t => Local(p.Id, t))],
            p.TableNumbering switch
            {
                "toc" => true,
                "page" => false,
                _ => throw new InvalidDataException($"regions.json profile {p.Id}: tableNumbering must be \"page\" or \"toc\", not \"{p.TableNumbering}\"."),
            },
            p.CzRows.ToHashSet(StringComparer.Ordinal),
            p.SectionsFrom is { Length: > 0 } from
                ? Sections(file.Profiles.SingleOrDefault(o => o.Id == from) ?? throw new InvalidDataException($"regions.json profile {p.Id}: sectionsFrom names no profile \"{from}\"."))
                : p.Sections is null ? nationalSections : Sections(p))).ToList();
        return (profiles.Single(p => p.Provinces.Count == 0), profiles);
    }

    private static LocalTable Local(string profile, LocalTableJson json)
    {
        var table = Key(profile, json.Table);
        var column = json.Column ?? string.Empty;
        if (column.Length > 0 && !R17Tables.PrintableColumns.Contains((table, column)))
        {
            throw new InvalidDataException($"regions.json profile {profile}: no rule reads {json.Table}.{column}.");
        }

        return new LocalTable(table, column, Condition(profile, json.When), json.Why);
    }

    private static IReadOnlyList<ExpectedSection> Sections(ProfileJson profile) =>
        [.. (profile.Sections ?? []).Select(s => Enum.TryParse<Narrative.SectionKind>(s.Kind, out _) && s.Headings.Count > 0
            ? new ExpectedSection(s.Kind, s.Name, s.Headings)
            : throw new InvalidDataException($"regions.json profile {profile.Id}: section \"{s.Kind}\" is not a known section kind or has no headings."))];

    private static TableKey Key(string profile, string printed) =>
        Enum.TryParse<TableKey>(printed, ignoreCase: true, out var key) && key is not (TableKey.Unspecified or TableKey.Nar or TableKey.Header)
            ? key
            : throw new InvalidDataException($"regions.json profile {profile}: unknown table \"{printed}\".");

    private static TableCondition Condition(string profile, string printed) => printed switch
    {
        "always" => TableCondition.Always,
        "basic" => TableCondition.Basic,
        "project" => TableCondition.Project,
        "state_capital" => TableCondition.StateCapital,
        _ => throw new InvalidDataException($"regions.json profile {profile}: unknown condition \"{printed}\"."),
    };

    private static (RegionProfile, IReadOnlyList<RegionProfile>) Load()
    {
        using var stream = typeof(RegionProfiles).Assembly.GetManifestResourceStream("BudgetMesh.Reconciler.Rules.Profiles.regions.json")
            ?? throw new InvalidOperationException("The embedded regional profiles are missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }

    private sealed record ProfileFile([property: JsonPropertyName("profiles")] IReadOnlyList<ProfileJson> Profiles);

    private sealed record ProfileJson(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("provinces")] IReadOnlyList<string>? Provinces,
        [property: JsonPropertyName("basis")] string Basis,
        [property: JsonPropertyName("requiredTables")] IReadOnlyList<string> RequiredTables,
        [property: JsonPropertyName("localTables")] IReadOnlyList<LocalTableJson>? LocalTables,
        [property: JsonPropertyName("tableNumbering")] string TableNumbering,
        [property: JsonPropertyName("czRows")] IReadOnlyList<string> CzRows,
        [property: JsonPropertyName("sections")] IReadOnlyList<SectionJson>? Sections,
        [property: JsonPropertyName("sectionsFrom")] string? SectionsFrom);

    private sealed record LocalTableJson(
        [property: JsonPropertyName("table")] string Table,
        [property: JsonPropertyName("column")] string? Column,
        [property: JsonPropertyName("when")] string When,
        [property: JsonPropertyName("why")] string Why);

    private sealed record SectionJson(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("headings")] IReadOnlyList<string> Headings);
}
