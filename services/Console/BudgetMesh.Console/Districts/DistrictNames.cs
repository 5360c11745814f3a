using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.Console.Districts;

/// <summary>District names by code, from districts.json (data kept beside this file, embedded).</summary>
internal static class DistrictNames
{
    private static readonly IReadOnlyDictionary<string, string> Names = Load();

    public static IEnumerable<KeyValuePair<string, string>> All => Names.OrderBy(n => n.Key, StringComparer.Ordinal);

    /// <summary>The district's name, or its code when the map does not list it yet.</summary>
    public static string Name(string code) => Names.TryGetValue(code, out var name) ? name : code;

    /// <summary>"九龙坡区（500107）", or the bare code when unknown.</summary>
    public static string Label(string code) => Names.TryGetValue(code, out var name) ? $"{name}（{code}）" : code;

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(DistrictNames).Assembly.GetManifestResourceStream("BudgetMesh.Console.districts.json")
            ?? throw new InvalidOperationException("The embedded district map is missing.");
        return (JsonSerializer.Deserialize<DistrictFile>(stream) ?? throw new InvalidDataException("districts.json is empty.")).Districts;
    }

    private sealed record DistrictFile([property: JsonPropertyName("districts")] Dictionary<string, string> Districts);
}
