using BudgetMesh.Classification.Catalogs;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Classification.Import;

/// <summary>What an import did: the new catalog version and entry count, or every line that stopped it.</summary>
internal sealed record ImportOutcome(string Version, int Entries, IReadOnlyList<LineError> Errors)
{
    public bool Accepted => Errors.Count == 0;
}

/// <summary>
/// Imports one file for a year: checks every line against the catalog in force, stores it, or stores nothing —
/// a refused file leaves the previous catalog in force.
/// </summary>
internal sealed class ImportCatalogHandler(ServiceDatabase database, BuiltInCatalogs builtIn)
{
    public async Task<ImportOutcome> HandleAsync(int budgetYear, string kind, bool partial, byte[] csv, CancellationToken cancellationToken)
    {
        await using var change = await database.BeginAsync(cancellationToken);
        await CatalogImportStore.LockYearAsync(change, budgetYear, cancellationToken);
        var current = CatalogImport.Assemble(builtIn.For(budgetYear), await CatalogImportStore.LoadAsync(change, budgetYear, cancellationToken))
            ?? new CatalogContent();
        var scheme = CodeShape.Parse(kind);
        Func<string, bool> knownParent = partial && scheme is { } s ? code => current.Contains(s, code) : _ => false;
        var file = CatalogImport.Parse(kind, partial, csv, knownParent, out var errors);
        if (file is null)
        {
            return new ImportOutcome(string.Empty, 0, errors);
        }

        var catalog = Catalog.Build(current.With(file));
        await CatalogImportStore.InsertAsync(change, budgetYear, kind, partial, csv, file.Count, catalog.Version, cancellationToken);
        await change.CommitAsync(cancellationToken);
        return new ImportOutcome(catalog.Version, file.Count, []);
    }
}
