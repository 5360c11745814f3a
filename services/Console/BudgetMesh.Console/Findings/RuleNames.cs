using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// What operators call a rule: its short code (R2, T3) and its Chinese title, read from the Reconciler's rule catalog
/// (rules.json, embedded from its one source). The long ids (R2-ROW-SPLIT) stay out of the page text.
/// </summary>
internal static class RuleNames
{
    private static readonly Dictionary<string, Entry> Catalog = Load();

    /// <summary>The short code: the catalog's, else the id up to its first '-'.</summary>
    public static string Code(string ruleId) =>
        Catalog.TryGetValue(ruleId, out var entry) ? entry.Rule : ruleId.Split('-', 2)[0];

    /// <summary>The rule's title, or a plain Chinese stand-in when the catalog does not list it.</summary>
    public static string Title(string ruleId) =>
        Catalog.TryGetValue(ruleId, out var entry) ? entry.Title : "（规则目录中无此规则的名称）";

    public static bool IsKnown(string ruleId) => Catalog.ContainsKey(ruleId);

    public static IEnumerable<string> Ids => Catalog.Keys;

    public static string Owner(string owner) => owner switch
    {
        "classification" => "科目分类",
        "three-public" => "三公经费",
        "performance" => "绩效目标",
        "reconciler" => "表间核对",
        _ => "其他",
    };

    private static Dictionary<string, Entry> Load()
    {
        using var stream = typeof(RuleNames).Assembly.GetManifestResourceStream("BudgetMesh.Console.rules.json")
            ?? throw new InvalidOperationException("The embedded rule catalog is missing.");
        var file = JsonSerializer.Deserialize<CatalogFile>(stream) ?? throw new InvalidDataException("rules.json is empty.");
        return file.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    private sealed record CatalogFile([property: JsonPropertyName("rules")] IReadOnlyList<Entry> Rules);

    private sealed record Entry(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("rule")] string Rule,
        [property: JsonPropertyName("title")] string Title);
}
