using BudgetMesh.Classification.Catalogs;

namespace BudgetMesh.Classification.Import;

/// <summary>Reads an operator's catalog file (CSV bytes) of one kind: a scheme name or "mapping".</summary>
internal static class CatalogImport
{
    public const string Provenance = "imported";

    public static CatalogFile? Parse(string kind, bool partial, ReadOnlySpan<byte> csv, Func<string, bool> knownParent, out IReadOnlyList<LineError> errors)
    {
        var text = CatalogCsv.Decode(csv, out var encodingError);
        if (text is null)
        {
            errors = [encodingError!];
            return null;
        }

        if (kind == CatalogFile.MappingKind)
        {
            return CatalogFileReader.ReadMapping(partial, text, out errors);
        }

        var scheme = CodeShape.Parse(kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a catalog kind.");
        return CatalogFileReader.ReadEntries(scheme, partial, text, Provenance, knownParent, out errors);
    }

    /// <summary>
    /// The catalog in force for a year: the built-in edition (when one covers the year) with the year's imports
    /// applied in order. Stored files were checked when imported, so a partial file's parents are not re-checked.
    /// </summary>
    public static CatalogContent? Assemble(CatalogContent? builtIn, IEnumerable<StoredImport> imports)
    {
        var content = builtIn;
        foreach (var stored in imports)
        {
            var file = Parse(stored.Kind, stored.Partial, stored.Csv, _ => true, out var errors)
                ?? throw new InvalidOperationException($"Stored catalog import {stored.Id} no longer parses: {string.Join("; ", errors)}");
            content = (content ?? new CatalogContent()).With(file);
        }

        return content;
    }
}

/// <summary>One imported file as stored.</summary>
internal sealed record StoredImport(long Id, string Kind, bool Partial, byte[] Csv);
