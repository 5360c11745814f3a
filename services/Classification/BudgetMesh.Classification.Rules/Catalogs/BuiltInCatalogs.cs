using System.Reflection;
using System.Text;
using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>
/// The catalogs shipped in the repository (Catalogs/&lt;years&gt;/*.csv, embedded): one folder per edition, named by
/// the budget year or the range of years it applies to ("2023-2026": the seeds' years share one edition, since
/// nothing in our sources tells the editions apart).
/// </summary>
internal sealed class BuiltInCatalogs
{
    private const string Prefix = "Catalogs/";
    private readonly IReadOnlyList<Edition> _editions;

    private BuiltInCatalogs(IReadOnlyList<Edition> editions) => _editions = editions;

    public IEnumerable<string> EditionNames => _editions.Select(e => e.Name);

    /// <summary>Reads and checks every embedded edition; a broken built-in file stops the service at start-up.</summary>
    public static BuiltInCatalogs Load()
    {
        var assembly = typeof(BuiltInCatalogs).Assembly;
        var editions = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .GroupBy(n => n[Prefix.Length..n.LastIndexOf('/')], StringComparer.Ordinal)
            .Select(g => LoadEdition(assembly, g.Key))
            .ToList();
        return new BuiltInCatalogs(editions);
    }

    /// <summary>The content for a year, or null when no edition covers it.</summary>
    public CatalogContent? For(int budgetYear) => _editions.FirstOrDefault(e => e.From <= budgetYear && budgetYear <= e.To)?.Content;

    private static Edition LoadEdition(Assembly assembly, string name)
    {
        var years = name.Split('-');
        if (years.Length is < 1 or > 2 || !years.All(y => int.TryParse(y, out _)))
        {
            throw new InvalidOperationException($"Built-in catalog folder '{name}' is not a year or a range of years.");
        }

        var content = new CatalogContent { Origins = [$"built-in {name}"] };
        foreach (var scheme in CodeShape.Schemes)
        {
            var file = Read(assembly, name, $"{CodeShape.NameOf(scheme).Replace('-', '_')}.csv");
            var parsed = CatalogFileReader.ReadEntries(scheme, partial: false, file, provenance: null, _ => false, out var errors)
                ?? throw Broken(name, scheme.ToString(), errors);
            foreach (var entry in parsed.Entries)
            {
                content.Schemes[scheme].Entries[entry.Code] = entry;
            }
        }

        var mapping = CatalogFileReader.ReadMapping(partial: false, Read(assembly, name, "department_to_government_mapping.csv"), out var mappingErrors)
            ?? throw Broken(name, "mapping", mappingErrors);
        foreach (var line in mapping.Mappings)
        {
            content.Mapping[line.DepartmentCode] = line;
        }

        foreach (var record in CatalogCsv.Parse(Read(assembly, name, "completeness.csv"), out _).Skip(1))
        {
            var scheme = CodeShape.Parse(record.Cells[0]) ?? throw new InvalidOperationException($"{name}/completeness.csv line {record.Line}: unknown scheme.");
            if (record.Cells[2] == "true")
            {
                content.Schemes[scheme].CompleteBranches.Add(record.Cells[1]);
            }
        }

        return new Edition(name, int.Parse(years[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(years[^1], System.Globalization.CultureInfo.InvariantCulture), content);
    }

    private static string Read(Assembly assembly, string edition, string file)
    {
        using var stream = assembly.GetManifestResourceStream($"{Prefix}{edition}/{file}")
            ?? throw new InvalidOperationException($"Built-in catalog {edition} lacks {file}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static InvalidOperationException Broken(string edition, string part, IReadOnlyList<LineError> errors) =>
        new($"Built-in catalog {edition} ({part}) is broken: {string.Join("; ", errors)}");

    private sealed record Edition(string Name, int From, int To, CatalogContent Content);
}
