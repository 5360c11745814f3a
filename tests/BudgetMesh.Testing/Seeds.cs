using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Testing;

/// <summary>
/// The real seed packages (tests/fixtures/seeds), parsed strictly, from the `seeds` folder a test project copies them
/// to (`<None Include="../fixtures/seeds/*.json" LinkBase="seeds" CopyToOutputDirectory="PreserveNewest" />`).
/// </summary>
public static class Seeds
{
    /// <summary>重庆市九龙坡区人民政府办公室 2025, district 500107.</summary>
    public const string Jiulongpo2025 = "000_";

    /// <summary>重庆市大渡口区人民政府办公室 2025, district 500104.</summary>
    public const string Dadukou2025 = "001_";

    /// <summary>重庆市九龙坡区政务服务管理办公室 2023, district 500107.</summary>
    public const string Jiulongpo2023 = "002_";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static BudgetPackage Load(string prefix)
    {
        var file = Directory.GetFiles(Folder, prefix + "*.json").Single();
        return Parser.Parse<BudgetPackage>(File.ReadAllText(file));
    }

    /// <summary>The districts the seeds belong to, each needing a district key.</summary>
    public static IReadOnlyList<string> Districts() =>
        [.. Directory.GetFiles(Folder, "*.json").Select(f => Parser.Parse<BudgetPackage>(File.ReadAllText(f)).Header.DistrictCode).Distinct().Order(StringComparer.Ordinal)];

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "seeds");
}
