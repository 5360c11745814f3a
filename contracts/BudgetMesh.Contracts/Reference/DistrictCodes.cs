using System.Text.Json;

namespace BudgetMesh.Contracts.Reference;

/// <summary>
/// District (区县) and province codes with their names (Reference/districts.json, GB/T 2260, its source in the file):
/// the one map the importer reads a printed district name with and the console names a district code with. Data, not
/// code: a district is added to the file.
/// </summary>
public static class DistrictCodes
{
    private static readonly Lazy<Catalog> Loaded = new(Load);

    /// <summary>One district: its province's name, its own name and its 6-digit code.</summary>
    public sealed record District(string Province, string Name, string Code)
    {
        /// <summary>"上海市普陀区".</summary>
        public string FullName => Province + Name;
    }

    /// <summary>Every district the file knows, by code.</summary>
    public static IReadOnlyList<District> All => Loaded.Value.Districts;

    /// <summary>The district a text names: the longest match, with its province first; null when none or ambiguous.</summary>
    public static District? Find(string text)
    {
        var all = Loaded.Value.Districts;
        var withProvince = all.Where(d => text.Contains(d.FullName, StringComparison.Ordinal)).OrderByDescending(d => d.Name.Length).FirstOrDefault();
        if (withProvince is not null)
        {
            return withProvince;
        }

        var bare = all.Where(d => text.Contains(d.Name, StringComparison.Ordinal)).GroupBy(d => d.Name).OrderByDescending(g => g.Key.Length).FirstOrDefault();
        return bare is not null && bare.Count() == 1 && all.Count(d => d.Name == bare.Key) == 1 ? bare.Single() : null;
    }

    /// <summary>The name operators read for a district or province code ("普陀区", "上海市"); null when unknown.</summary>
    public static string? Name(string code) => Loaded.Value.Names.GetValueOrDefault(code);

    private sealed record Catalog(IReadOnlyList<District> Districts, IReadOnlyDictionary<string, string> Names);

    private static Catalog Load()
    {
        using var stream = typeof(DistrictCodes).Assembly.GetManifestResourceStream("BudgetMesh.Contracts.Reference.districts.json")
            ?? throw new InvalidOperationException("districts.json is not embedded");
        using var document = JsonDocument.Parse(stream);
        var districts = document.RootElement.GetProperty("districts").EnumerateArray()
            .Select(d => new District(d.GetProperty("province").GetString()!, d.GetProperty("name").GetString()!, d.GetProperty("code").GetString()!))
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        var names = document.RootElement.GetProperty("provinces").EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("name").GetString()!, StringComparer.Ordinal);
        foreach (var district in districts)
        {
            names[district.Code] = district.Name;
        }

        return new Catalog(districts, names);
    }
}
