using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Classification.Tests;

/// <summary>The three seed packages and the built-in catalog, as every test starts from them.</summary>
internal static class Seeds
{
    public const string Seed000 = "000_ac0739ecedc6f3da";
    public const string Seed001 = "001_a76c5e7673ca46c8";
    public const string Seed002 = "002_8eae806851c2420e";

    public static readonly string[] All = [Seed000, Seed001, Seed002];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
    private static readonly Lazy<BuiltInCatalogs> BuiltIn = new(BuiltInCatalogs.Load);

    /// <summary>A fresh copy each time, so a test may change a cell.</summary>
    public static BudgetPackage Load(string name) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", name + ".json")));

    public static Catalog Catalog(int year = 2025) => BudgetMesh.Classification.Catalogs.Catalog.Build(BuiltIn.Value.For(year)!);

    public static CatalogContent Content(int year = 2025) => BuiltIn.Value.For(year)!;
}
