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

/// <summary>
/// The hand-made fixtures of real published documents (tests/fixtures/corpus/&lt;id&gt;.json, see its README), parsed
/// strictly and fresh on each call (a test may change a cell), from the `corpus` folder a test project copies them to
/// (`&lt;None Include="../fixtures/corpus/*.json" LinkBase="corpus" CopyToOutputDirectory="PreserveNewest" /&gt;`).
/// </summary>
public static class Corpus
{
    /// <summary>上海市普陀区人民政府办公室 2025: consistent in every table and narrative figure.</summary>
    public const string PutuoGovOffice2025 = "putuo-govoffice-2025";

    /// <summary>上海市普陀区人民政府万里街道办事处 2024: 三公 figures under a note calling the table empty, JB codes "301 2"/"301 7".</summary>
    public const string PutuoWanli2024 = "putuo-wanli-2024";

    /// <summary>上海市普陀区司法局 2026, a copy with planted mistakes (among them the old class name 医疗卫生与计划生育支出).</summary>
    public const string PutuoJustice2026 = "putuo-justice-2026";

    public static readonly string[] All = [PutuoGovOffice2025, PutuoWanli2024, PutuoJustice2026];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static BudgetPackage Load(string id) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "corpus", id + ".json")));

    /// <summary>The district codes of the corpus documents (a deployment under test makes a key for each).</summary>
    public static IReadOnlyList<string> Districts() =>
        [.. All.Select(id => Load(id).Header.DistrictCode).Distinct().Order(StringComparer.Ordinal)];
}
