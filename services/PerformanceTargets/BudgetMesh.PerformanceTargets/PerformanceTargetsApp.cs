using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.PerformanceTargets;

/// <summary>The PerformanceTargets host, built the same way by Program.cs and by the tests.</summary>
public static class PerformanceTargetsApp
{
    /// <summary>The port served when BUDGETMESH_PORT is not set.</summary>
    public const int DefaultPort = 5104;

    /// <summary>Builds the app; <paramref name="configure"/> lets tests add configuration before anything reads it.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.AddServiceDefaults("performance");
        builder.AddGrpcServer(DefaultPort);
        builder.AddPerformanceTargets();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPerformanceTargets();
        return app;
    }
}
