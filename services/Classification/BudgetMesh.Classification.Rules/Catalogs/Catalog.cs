using System.Security.Cryptography;
using System.Text;
using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>
/// A year's catalog in force, indexed for look-ups by code, by parent and by normalised name. Immutable: an
/// import builds a new one. Its version is a hash of everything that judges a line (codes, names, accepted
/// printed forms, completeness marks, mapping), so equal content has the same version whatever its origin.
/// </summary>
internal sealed class Catalog
{
    private readonly Dictionary<Scheme, SchemeIndex> _schemes;
    private readonly Dictionary<string, EconomicMapping> _mapping;

    private Catalog(CatalogContent content)
    {
        _schemes = content.Schemes.ToDictionary(p => p.Key, p => new SchemeIndex(p.Value));
        _mapping = new Dictionary<string, EconomicMapping>(content.Mapping, StringComparer.Ordinal);
        Origin = content.Origins.Count == 0 ? "empty" : string.Join(" + ", content.Origins);
        Version = Hash(content);
    }

    public string Version { get; }

    public string Origin { get; }

    public static Catalog Build(CatalogContent content) => new(content);

    public CatalogEntry? Find(Scheme scheme, string code) =>
        _schemes.TryGetValue(scheme, out var index) && index.ByCode.TryGetValue(code, out var entry) ? entry.Entry : null;

    /// <summary>Children of a code in code order; "" lists the 类.</summary>
    public IReadOnlyList<CatalogEntry> Children(Scheme scheme, string parentCode) =>
        _schemes.TryGetValue(scheme, out var index) && index.Children.TryGetValue(parentCode, out var children) ? children : [];

    /// <summary>Whether every child of <paramref name="branch"/> ("" = the list of 类) is in the catalog.</summary>
    public bool IsComplete(Scheme scheme, string branch) =>
        _schemes.TryGetValue(scheme, out var index) && (index.Content.CompleteEverywhere || index.Content.CompleteBranches.Contains(branch));

    /// <summary>The printed name, once normalised, is the code's official name or one of its known printed forms.</summary>
    public bool NameMatches(CatalogEntry entry, string normalizedPrinted) =>
        _schemes.TryGetValue(entry.Scheme, out var index)
        && index.ByCode.TryGetValue(entry.Code, out var indexed)
        && Array.IndexOf(indexed.NormalizedNames, normalizedPrinted) >= 0;

    /// <summary>
    /// The other code whose name the printed name is (a shifted row), preferring the code's siblings, then codes
    /// of the same level, then the nearest code — "行政运行" is the name of many 项, and the neighbour is meant.
    /// </summary>
    public CatalogEntry? NameOwner(CatalogEntry entry, string normalizedPrinted)
    {
        if (!_schemes.TryGetValue(entry.Scheme, out var index) || !index.ByName.TryGetValue(normalizedPrinted, out var owners))
        {
            return null;
        }

        CatalogEntry? best = null;
        var bestRank = (int.MaxValue, long.MaxValue);
        foreach (var owner in owners)
        {
            if (owner.Code == entry.Code)
            {
                continue;
            }

            var kinship = owner.ParentCode == entry.ParentCode && owner.Level == entry.Level ? 0 : owner.Level == entry.Level ? 1 : 2;
            var distance = Math.Abs(long.Parse(owner.Code.PadRight(7, '0'), System.Globalization.CultureInfo.InvariantCulture)
                - long.Parse(entry.Code.PadRight(7, '0'), System.Globalization.CultureInfo.InvariantCulture));
            if ((kinship, distance).CompareTo(bestRank) < 0)
            {
                best = owner;
                bestRank = (kinship, distance);
            }
        }

        return best;
    }

    public EconomicMapping? Mapping(string departmentCode) => _mapping.GetValueOrDefault(departmentCode);

    public int MappingCount => _mapping.Count;

    /// <summary>Entry counts keyed "scheme/level", e.g. "function/1", plus "mapping".</summary>
    public IReadOnlyDictionary<string, int> Counts()
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (scheme, index) in _schemes)
        {
            foreach (var entry in index.ByCode.Values)
            {
                var key = $"{CodeShape.NameOf(scheme)}/{entry.Entry.Level}";
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        counts["mapping"] = _mapping.Count;
        return counts;
    }

    /// <summary>The branches an operator cares about: each scheme's list of 类, every 类, and every function 款.</summary>
    public IEnumerable<(Scheme Scheme, string Branch, bool Complete)> Branches()
    {
        foreach (var scheme in CodeShape.Schemes)
        {
            yield return (scheme, string.Empty, IsComplete(scheme, string.Empty));
            foreach (var entry in _schemes[scheme].ByCode.Values.Select(e => e.Entry).Where(e => e.Level == 1 || (e.Level == 2 && scheme == Scheme.Function)).OrderBy(e => e.Code, StringComparer.Ordinal))
            {
                yield return (scheme, entry.Code, IsComplete(scheme, entry.Code));
            }
        }
    }

    private static string Hash(CatalogContent content)
    {
        var text = new StringBuilder();
        foreach (var scheme in CodeShape.Schemes)
        {
            var part = content.Schemes[scheme];
            text.Append("S|").Append(CodeShape.NameOf(scheme)).Append('|').Append(part.CompleteEverywhere).Append('\n');
            foreach (var branch in part.CompleteBranches.Order(StringComparer.Ordinal))
            {
                text.Append("C|").Append(branch).Append('\n');
            }

            foreach (var entry in part.Entries.Values.OrderBy(e => e.Code, StringComparer.Ordinal))
            {
                text.Append("E|").Append(entry.Code).Append('|').Append(entry.Name).Append('|').AppendJoin('|', entry.PrintedVariants).Append('\n');
            }
        }

        foreach (var mapping in content.Mapping.Values.OrderBy(m => m.DepartmentCode, StringComparer.Ordinal))
        {
            text.Append("M|").Append(mapping.DepartmentCode).Append('|').Append(mapping.AdministrativeCode).Append('|').Append(mapping.PublicInstitutionCode).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    // Names are normalised once here, so validating a line costs dictionary look-ups only.
    private sealed record IndexedEntry(CatalogEntry Entry, string[] NormalizedNames);

    private sealed class SchemeIndex
    {
        public SchemeIndex(SchemeContent content)
        {
            Content = content;
            ByCode = content.Entries.Values.ToDictionary(
                e => e.Code,
                e => new IndexedEntry(e, [.. e.PrintedVariants.Prepend(e.Name).Select(NameNormalizer.Normalize)]),
                StringComparer.Ordinal);
            Children = content.Entries.Values
                .GroupBy(e => e.ParentCode, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<CatalogEntry>)[.. g.OrderBy(e => e.Code, StringComparer.Ordinal)], StringComparer.Ordinal);
            ByName = content.Entries.Values
                .SelectMany(e => e.PrintedVariants.Prepend(e.Name).Select(n => (Name: NameNormalizer.Normalize(n), Entry: e)))
                .GroupBy(p => p.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<CatalogEntry>)[.. g.Select(p => p.Entry).Distinct()], StringComparer.Ordinal);
        }

        public SchemeContent Content { get; }

        public Dictionary<string, IndexedEntry> ByCode { get; }

        public Dictionary<string, IReadOnlyList<CatalogEntry>> Children { get; }

        public Dictionary<string, IReadOnlyList<CatalogEntry>> ByName { get; }
    }
}
