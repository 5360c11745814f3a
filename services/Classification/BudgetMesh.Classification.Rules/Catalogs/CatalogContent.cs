using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>The entries of one scheme and where they are known to be complete.</summary>
internal sealed class SchemeContent
{
    public Dictionary<string, CatalogEntry> Entries { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Branches (a 类 or 款 code, "" for the list of 类) whose children are all known.</summary>
    public HashSet<string> CompleteBranches { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The scheme came from an official file: every branch is complete.</summary>
    public bool CompleteEverywhere { get; set; }

    public SchemeContent Clone() => new()
    {
        Entries = new(Entries, StringComparer.Ordinal),
        CompleteBranches = new(CompleteBranches, StringComparer.Ordinal),
        CompleteEverywhere = CompleteEverywhere,
    };
}

/// <summary>The raw content of a year's catalog, before indexing: built-in files with imports applied.</summary>
internal sealed class CatalogContent
{
    public Dictionary<Scheme, SchemeContent> Schemes { get; init; } = CodeShape.Schemes.ToDictionary(s => s, _ => new SchemeContent());

    public Dictionary<string, EconomicMapping> Mapping { get; init; } = new(StringComparer.Ordinal);

    /// <summary>How the content came about, e.g. "built-in 2023-2026", "imported function".</summary>
    public List<string> Origins { get; init; } = [];

    public CatalogContent Clone() => new()
    {
        Schemes = Schemes.ToDictionary(p => p.Key, p => p.Value.Clone()),
        Mapping = new(Mapping, StringComparer.Ordinal),
        Origins = [.. Origins],
    };

    public bool Contains(Scheme scheme, string code) => Schemes[scheme].Entries.ContainsKey(code);

    /// <summary>A full file replaces its scheme (or the mapping); a partial one adds to it and replaces its own codes.</summary>
    public CatalogContent With(CatalogFile file)
    {
        var next = Clone();
        if (file.IsMapping)
        {
            if (!file.Partial)
            {
                next.Mapping.Clear();
            }

            foreach (var mapping in file.Mappings)
            {
                next.Mapping[mapping.DepartmentCode] = mapping;
            }
        }
        else
        {
            var scheme = CodeShape.Parse(file.Kind) ?? throw new InvalidOperationException($"Unknown catalog kind {file.Kind}.");
            var target = file.Partial ? next.Schemes[scheme] : new SchemeContent { CompleteEverywhere = true };
            foreach (var entry in file.Entries)
            {
                target.Entries[entry.Code] = entry;
            }

            next.Schemes[scheme] = target;
        }

        next.Origins.Add(file.Partial ? $"imported {file.Kind} (partial)" : $"imported {file.Kind}");
        return next;
    }
}
