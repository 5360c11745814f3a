namespace BudgetMesh.Testing.Topology;

/// <summary>
/// Where the built services are: services/&lt;Name&gt;/BudgetMesh.&lt;Name&gt;/bin/&lt;Configuration&gt;/&lt;framework&gt;, the
/// configuration and framework being those of the running test assembly (its bin/&lt;Configuration&gt;/&lt;framework&gt;).
/// </summary>
public static class ServiceBinaries
{
    /// <summary>Every service a deployment runs, in the order they start.</summary>
    public static readonly string[] Services = ["Intake", "Classification", "ThreePublicExpenses", "PerformanceTargets", "Reconciler", "Publication", "Console"];

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Dll(string name)
    {
        var folder = Services.SingleOrDefault(f => f == name) ?? throw new ArgumentException($"No service '{name}'.", nameof(name));
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
