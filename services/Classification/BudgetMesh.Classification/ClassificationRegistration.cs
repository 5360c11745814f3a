using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Import;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Grpc;

namespace BudgetMesh.Classification;

/// <summary>Everything the service registers, listed explicitly.</summary>
internal static class ClassificationRegistration
{
    public static WebApplicationBuilder AddClassification(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => BuiltInCatalogs.Load());
        builder.Services.AddSingleton<CatalogImportStore>();
        builder.Services.AddSingleton<CatalogProvider>();
        builder.Services.AddSingleton<ImportCatalogHandler>();
        builder.Services.AddSingleton<ClassificationGrpcService>();
        return builder;
    }

    public static WebApplication MapClassification(this WebApplication app)
    {
        // Reading the built-in files here makes a broken one stop the start-up, not the first request.
        app.Services.GetRequiredService<BuiltInCatalogs>();
        app.MapGrpcService<ClassificationGrpcService>(ClassificationReflection.Descriptor.Services[0]);
        return app;
    }
}
