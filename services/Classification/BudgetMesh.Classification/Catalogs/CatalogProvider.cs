using System.Collections.Concurrent;
using BudgetMesh.Classification.Import;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>
/// The catalog in force for a year, rebuilt only when the year's imports changed: each call asks the database
/// for the latest import id (one indexed query), so every instance of the service sees an import at once.
/// </summary>
internal sealed class CatalogProvider(BuiltInCatalogs builtIn, CatalogImportStore store)
{
    private readonly ConcurrentDictionary<int, (long LatestImport, Catalog? Catalog)> _cache = new();

    /// <summary>Null when no built-in edition covers the year and nothing was imported for it.</summary>
    public async Task<Catalog?> GetAsync(int budgetYear, CancellationToken cancellationToken)
    {
        var latest = await store.LatestIdAsync(budgetYear, cancellationToken);
        if (_cache.TryGetValue(budgetYear, out var cached) && cached.LatestImport == latest)
        {
            return cached.Catalog;
        }

        var (loadedLatest, imports) = latest == 0 ? (0L, []) : await store.LoadAsync(budgetYear, cancellationToken);
        var content = CatalogImport.Assemble(builtIn.For(budgetYear), imports);
        var catalog = content is null ? null : Catalog.Build(content);
        _cache[budgetYear] = (loadedLatest, catalog);
        return catalog;
    }
}
