namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>Where the built services are: beside this test assembly's configuration, under services/.</summary>
internal static class ServiceBinaries
{
    private static readonly string[] Folders = ["Intake", "Classification", "ThreePublicExpenses", "PerformanceTargets", "Reconciler", "Publication", "Console"];

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dll(string name)
    {
        var folder = Folders.Single(f => f == name);
        // bin/<Configuration>/net10.0 of this assembly names the configuration the services were built in.
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot, "services", folder, $"BudgetMesh.{folder}", "bin", configuration, framework, $"BudgetMesh.{folder}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the services first (dotnet build BudgetMesh.sln): {dll} is missing.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BudgetMesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BudgetMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
