using System.Runtime.CompilerServices;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Reconciler.Tests;

/// <summary>The three seed packages, parsed fresh for each test so a test may change a cell.</summary>
internal static class Seeds
{
    public const string Jiulongpo2025 = "000_ac0739ecedc6f3da";
    public const string Dadukou2025 = "001_a76c5e7673ca46c8";
    public const string Zhengwuban2023 = "002_8eae806851c2420e";

    public static readonly string[] All = [Jiulongpo2025, Dadukou2025, Zhengwuban2023];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static BudgetPackage Load(string seed) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", seed + ".json")));

    /// <summary>The source folder of this test project (for writing golden files back).</summary>
    public static string SourceDirectory { get; } = Here();

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
