using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ThreePublicExpenses.Rules;
using Google.Protobuf;

namespace BudgetMesh.ThreePublicExpenses.Tests;

/// <summary>The three seed packages, and failing cases made by changing one cell or one sentence of them.</summary>
internal static class Seeds
{
    /// <summary>重庆市九龙坡区人民政府办公室（本级） 2025: 18 万元, all of it 运行维护费.</summary>
    public const string Jiulongpo2025 = "000_ac0739ecedc6f3da";

    /// <summary>重庆市大渡口区人民政府办公室 2025: 29.7 万元 = 接待 2.2 + 运行 27.5.</summary>
    public const string Dadukou2025 = "001_a76c5e7673ca46c8";

    /// <summary>重庆市九龙坡区政务服务管理办公室 2023: 5.5 万元 = 接待 1 + 运行 4.5.</summary>
    public const string Zhengwuban2023 = "002_8eae806851c2420e";

    public static readonly string[] All = [Jiulongpo2025, Dadukou2025, Zhengwuban2023];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static BudgetPackage Package(string seed) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", seed + ".json")));

    public static string Narrative(string seed) => Package(seed).Narrative.Text;

    /// <summary>The request the reconciler sends for a package (without the identity fields).</summary>
    public static CheckThreePublicRequest Request(BudgetPackage package) => new()
    {
        BudgetYear = package.Header.BudgetYear,
        Table = package.Tables.Sg,
        BasicExpenditure = package.Tables.Jb,
        Narrative = package.Narrative,
        PackageUnit = package.Header.AmountUnit,
    };

    public static CheckInput Input(BudgetPackage package) =>
        ProtoMapping.ToInput(Request(package), ProtoMapping.Unit(package.Header.AmountUnit)!.Value, recordedPrior: null);

    public static CheckInput Input(string seed) => Input(Package(seed));

    /// <summary>The seed with one exact piece of its narrative replaced (the piece must occur once).</summary>
    public static BudgetPackage WithSentence(string seed, string printed, string replacement)
    {
        var package = Package(seed);
        var text = package.Narrative.Text;
        var at = text.IndexOf(printed, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{printed}' is not in seed {seed}");
        Assert.Equal(-1, text.IndexOf(printed, at + 1, StringComparison.Ordinal));
        package.Narrative.Text = string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + printed.Length));
        return package;
    }

    /// <summary>The seed with one 三公 cell changed.</summary>
    public static BudgetPackage WithSgCell(string seed, Action<ThreePublicFigures> change)
    {
        var package = Package(seed);
        change(package.Tables.Sg.CurrentYear);
        return package;
    }

    public static RuleResult Rule(IReadOnlyList<RuleResult> results, string ruleId) => results.Single(r => r.RuleId == ruleId);

    public static RuleResult Run(BudgetPackage package, string ruleId) => Rule(ThreePublicChecks.Run(Input(package)), ruleId);
}
