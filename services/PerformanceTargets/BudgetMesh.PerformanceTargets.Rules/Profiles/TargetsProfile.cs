using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudgetMesh.PerformanceTargets.Profiles;

/// <summary>What a region publishes of its performance targets (Profiles/regions.json, embedded).</summary>
internal sealed record TargetsProfile(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("provinces")] IReadOnlyList<string> Provinces,
    [property: JsonPropertyName("projectTargetTables")] bool ProjectTargetTables,
    [property: JsonPropertyName("basis")] string Basis);

/// <summary>The embedded profiles and the choice of one by the province of a district code.</summary>
internal static class TargetsProfiles
{
    private static readonly Lazy<IReadOnlyList<TargetsProfile>> Loaded = new(Load);

    public static IReadOnlyList<TargetsProfile> All => Loaded.Value;

    public static TargetsProfile For(string? districtCode)
    {
        var code = districtCode?.Trim() ?? string.Empty;
        return All.FirstOrDefault(p => code.Length >= 2 && p.Provinces.Any(province => code.StartsWith(province, StringComparison.Ordinal)))
            ?? All.Single(p => p.Provinces.Count == 0);
    }

    internal static IReadOnlyList<TargetsProfile> Parse(byte[] content)
    {
        var file = JsonSerializer.Deserialize<ProfileFile>(content) ?? throw new InvalidDataException("regions.json is empty.");
        if (file.Profiles.Count(p => p.Provinces is null || p.Provinces.Count == 0) != 1)
        {
            throw new InvalidDataException("regions.json needs exactly one profile without provinces (the national baseline).");
        }

        return [.. file.Profiles.Select(p => p with { Provinces = p.Provinces ?? [] })];
    }

    private static IReadOnlyList<TargetsProfile> Load()
    {
        using var stream = typeof(TargetsProfiles).Assembly.GetManifestResourceStream("BudgetMesh.PerformanceTargets.Profiles.regions.json")
            ?? throw new InvalidOperationException("The embedded regional profiles are missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }

    private sealed record ProfileFile([property: JsonPropertyName("profiles")] IReadOnlyList<TargetsProfile> Profiles);
}
