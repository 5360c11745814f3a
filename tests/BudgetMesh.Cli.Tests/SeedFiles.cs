using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests;

/// <summary>The seed packages as files a user would pass, in a temp directory of the test's own.</summary>
internal sealed class SeedFiles : IDisposable
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("budgetmesh-cli-tests-").FullName;

    public static string Source(string prefix) =>
        System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), prefix + "*.json").Single();

    public static BudgetPackage Load(string prefix) => Parser.Parse<BudgetPackage>(File.ReadAllText(Source(prefix)));

    /// <summary>Writes seed <paramref name="prefix"/>, under another department code when given (a submission of its own).</summary>
    public string Write(string prefix, string? department = null, string? subdirectory = null)
    {
        var package = Load(prefix);
        if (department is not null)
        {
            package.Header.DepartmentCode = department;
        }

        var folder = subdirectory is null ? Directory : System.IO.Directory.CreateDirectory(Path.Combine(Directory, subdirectory)).FullName;
        var path = Path.Combine(folder, $"{prefix}{department ?? "seed"}.json");
        File.WriteAllText(path, JsonFormatter.Default.Format(package));
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
