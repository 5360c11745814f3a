using System.Reflection;
using System.Text.Json;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// District codes by name (Districts/districts.json, GB/T 2260). A name is matched with its province when the text
/// prints it ("上海市普陀区"); a bare district name only when no other province has a district of that name.
/// </summary>
internal static class Districts
{
    private static readonly Lazy<List<District>> Loaded = new(Load);

    public sealed record District(string Province, string Name, string Code)
    {
        public string FullName => Province + Name;
    }

    /// <summary>The district a text names: the longest match, with its province first; null when none or ambiguous.</summary>
    public static District? Find(string text)
    {
        var all = Loaded.Value;
        var withProvince = all.Where(d => text.Contains(d.FullName, StringComparison.Ordinal)).OrderByDescending(d => d.Name.Length).FirstOrDefault();
        if (withProvince is not null)
        {
            return withProvince;
        }

        var bare = all.Where(d => text.Contains(d.Name, StringComparison.Ordinal)).GroupBy(d => d.Name).OrderByDescending(g => g.Key.Length).FirstOrDefault();
        return bare is not null && bare.Count() == 1 && all.Count(d => d.Name == bare.Key) == 1 ? bare.Single() : null;
    }

    private static List<District> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BudgetMesh.Cli.Import.Districts.districts.json")
            ?? throw new InvalidOperationException("districts.json is not embedded");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("districts").EnumerateArray()
            .Select(d => new District(d.GetProperty("province").GetString()!, d.GetProperty("name").GetString()!, d.GetProperty("code").GetString()!))
            .ToList();
    }
}
