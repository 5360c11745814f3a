using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.Classification;

/// <summary>The Classification service: the official code catalogs per budget year.</summary>
public static class ClassificationApp
{
    public const int DefaultPort = 5102;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.AddServiceDefaults("classification");
        builder.AddServiceDatabase("classification", typeof(ClassificationApp).Assembly);
        builder.AddGrpcServer(DefaultPort);
        builder.AddClassification();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapClassification();
        return app;
    }
}
