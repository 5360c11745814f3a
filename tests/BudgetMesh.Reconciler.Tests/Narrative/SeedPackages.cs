using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Reconciler.Tests.Narrative;

/// <summary>The seed fixtures, parsed strictly, fresh for every call so a test may change its copy.</summary>
internal static class SeedPackages
{
    public const string Seed000 = "000_ac0739ecedc6f3da";
    public const string Seed001 = "001_a76c5e7673ca46c8";
    public const string Seed002 = "002_8eae806851c2420e";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static BudgetPackage Load(string seed)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "seeds", seed + ".json");
        return Parser.Parse<BudgetPackage>(File.ReadAllText(path));
    }

    /// <summary>The seed with one passage of its narrative replaced (the passage must occur exactly once).</summary>
    public static BudgetPackage WithNarrative(string seed, string printed, string replacement) =>
        WithNarrative(Load(seed), printed, replacement);

    /// <summary>The package with one passage of its narrative replaced (the passage must occur exactly once).</summary>
    public static BudgetPackage WithNarrative(BudgetPackage package, string printed, string replacement)
    {
        var text = package.Narrative.Text;
        var at = text.IndexOf(printed, StringComparison.Ordinal);
        Assert.True(at >= 0, $"passage not in the narrative: {printed}");
        Assert.Equal(-1, text.IndexOf(printed, at + 1, StringComparison.Ordinal));
        package.Narrative.Text = string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + printed.Length));
        return package;
    }
}
