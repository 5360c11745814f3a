using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Console.Tests;

/// <summary>The real seed packages (tests/fixtures/seeds), parsed strictly.</summary>
internal static class Seeds
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    /// <summary>重庆市九龙坡区政务服务管理办公室 2023, district 500107.</summary>
    public static BudgetPackage Jiulongpo() => Load("002_");

    public static IEnumerable<BudgetPackage> All() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "*.json").Order(StringComparer.Ordinal).Select(f => Parser.Parse<BudgetPackage>(File.ReadAllText(f)));

    private static BudgetPackage Load(string prefix) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), prefix + "*.json").Single()));
}
