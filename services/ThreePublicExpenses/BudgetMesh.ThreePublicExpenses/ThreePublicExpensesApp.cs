using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.ThreePublicExpenses;

/// <summary>The ThreePublicExpenses service: the "三公" rules and the district view, over gRPC.</summary>
public static class ThreePublicExpensesApp
{
    public const string ServiceName = "three-public-expenses";

    public const int DefaultPort = 5103;

    /// <summary>Builds the app; tests pass <paramref name="configure"/> to set configuration before anything reads it.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults(ServiceName);
        builder.AddGrpcServer(DefaultPort);
        builder.AddThreePublicExpenses();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapThreePublicExpenses();
        return app;
    }
}
