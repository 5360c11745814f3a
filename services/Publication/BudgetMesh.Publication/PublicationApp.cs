using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.Publication;

/// <summary>The Publication service: approved disclosures onto the government website, and the operators' API over them.</summary>
public static class PublicationApp
{
    public const string ServiceName = "publication";

    public const int DefaultPort = 5106;

    /// <summary>Builds the app; tests pass <paramref name="configure"/> to set configuration before anything reads it.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults(ServiceName);
        builder.AddGrpcServer(DefaultPort);
        builder.AddPublication();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPublication();
        return app;
    }
}
