using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Contracts.Tests;

/// <summary>Finds the seed fixtures and the seed texts, both copied beside the test assembly.</summary>
public static class SeedFiles
{
    /// <summary>Folder holding the fixture JSON copied at build time.</summary>
    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "seeds");

    /// <summary>
    /// The seed texts, copied into the repository with their provenance (tests/fixtures/corpus/documents/seed-*.txt,
    /// see its README) and beside the test assembly at build time.
    /// </summary>
    public static string SeedTextDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "seed-text");

    /// <summary>File names (not paths) of every fixture JSON.</summary>
    public static IReadOnlyList<string> FixtureNames()
    {
        if (!Directory.Exists(FixtureDirectory))
        {
            throw new DirectoryNotFoundException($"No fixtures copied to {FixtureDirectory}.");
        }

        var names = Directory.GetFiles(FixtureDirectory, "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No *.json fixture in {FixtureDirectory}.");
        }

        return names;
    }

    /// <summary>xunit member data: one row per fixture file.</summary>
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in FixtureNames())
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The fixture JSON text.</summary>
    public static string ReadFixtureJson(string fixtureName) =>
        File.ReadAllText(Path.Combine(FixtureDirectory, fixtureName));

    /// <summary>Strict parser: unknown fields are an error.</summary>
    public static readonly JsonParser StrictParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    private static readonly Dictionary<string, BudgetPackage> PackageCache = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, SeedText> TextCache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    /// <summary>The fixture parsed into a package (cached; callers must not mutate it).</summary>
    public static BudgetPackage Package(string fixtureName)
    {
        lock (CacheLock)
        {
            if (!PackageCache.TryGetValue(fixtureName, out var package))
            {
                package = StrictParser.Parse<BudgetPackage>(ReadFixtureJson(fixtureName));
                PackageCache[fixtureName] = package;
            }

            return package;
        }
    }

    /// <summary>The seed text the fixture was transcribed from: same stem, .txt, in the shared seed folder.</summary>
    public static SeedText Text(string fixtureName)
    {
        lock (CacheLock)
        {
            if (!TextCache.TryGetValue(fixtureName, out var text))
            {
                var path = Path.Combine(SeedTextDirectory, "seed-" + Path.ChangeExtension(fixtureName, ".txt"));
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Seed text for fixture {fixtureName} not found.", path);
                }

                text = new SeedText(File.ReadAllText(path));
                TextCache[fixtureName] = text;
            }

            return text;
        }
    }
}
