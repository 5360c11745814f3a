using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.Reconciler;

/// <summary>The Reconciler host, built the same way by Program.cs and by the tests.</summary>
internal static class ReconcilerApp
{
    /// <summary>The port served when BUDGETMESH_PORT is not set.</summary>
    public const int DefaultPort = 5105;

    /// <summary>Builds the app; <paramref name="configure"/> lets tests add configuration before anything reads it.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.AddServiceDefaults("reconciler");
        builder.AddGrpcServer(DefaultPort);
        builder.AddReconciler();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapReconciler();
        return app;
    }
}
