using BudgetMesh.Contracts.Reference;

namespace BudgetMesh.Console.Districts;

/// <summary>District names by code, as operators read them (the contracts' one district map).</summary>
internal static class DistrictNames
{
    public static IEnumerable<KeyValuePair<string, string>> All => DistrictCodes.All.Select(d => KeyValuePair.Create(d.Code, d.Name));

    /// <summary>The district's name, or its code when the map does not list it yet.</summary>
    public static string Name(string code) => DistrictCodes.Name(code) ?? code;

    /// <summary>"九龙坡区（500107）", or the bare code when unknown.</summary>
    public static string Label(string code) => DistrictCodes.Name(code) is { } name ? $"{name}（{code}）" : code;
}
