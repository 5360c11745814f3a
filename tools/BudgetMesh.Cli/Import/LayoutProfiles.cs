using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The regional layouts as data (Profiles/*.json, embedded): per family, each table's key and the title variants that
/// name it. A variant is a list of words the title must all contain ("表$" = ends with 表, "^…$" = the whole title).
/// Adding a province is a data file and its tests. The profiles are tried in a fixed order (most specific first);
/// within one, tables in their listed order.
/// </summary>
internal static class LayoutProfiles
{
    private static readonly Lazy<IReadOnlyList<Profile>> Loaded = new(Load);

    public static IReadOnlyList<Profile> All => Loaded.Value;

    /// <summary>The key of the table a title names, or null.</summary>
    public static string? KeyOf(string title) =>
        All.SelectMany(p => p.Tables).FirstOrDefault(t => t.Titles.Any(v => v.All(word => Matches(title, word))))?.Key;

    /// <summary>Whether a table is a form of labelled cells (targets, procurement) rather than columns under a header.</summary>
    public static bool IsFreeForm(string key) => All.SelectMany(p => p.Tables).Any(t => t.Key == key && t.FreeForm);

    private static bool Matches(string title, string word) => word switch
    {
        ['^', .. var whole, '$'] => title == whole,
        [.. var end, '$'] => title.EndsWith(end, StringComparison.Ordinal),
        _ => title.Contains(word, StringComparison.Ordinal),
    };

    private static List<Profile> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var profiles = new List<Profile>();
        // Shanghai's titles are the more specific ones (预算 inside the title): they are tried first.
        foreach (var name in new[] { "shanghai", "chongqing" })
        {
            using var stream = assembly.GetManifestResourceStream($"BudgetMesh.Cli.Import.Profiles.{name}.json")
                ?? throw new InvalidOperationException($"layout profile {name}.json is not embedded");
            profiles.Add(JsonSerializer.Deserialize<Profile>(stream, Options) ?? throw new InvalidOperationException($"layout profile {name}.json is empty"));
        }

        return profiles;
    }

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    internal sealed record Profile(string Family, string Source, IReadOnlyList<TableProfile> Tables);

    internal sealed record TableProfile(string Key, IReadOnlyList<IReadOnlyList<string>> Titles, [property: JsonPropertyName("freeForm")] bool FreeForm = false);
}
