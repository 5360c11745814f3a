using BudgetMesh.Callers;
using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Import;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.Classification;

/// <summary>Everything the service registers, listed explicitly.</summary>
internal static class ClassificationRegistration
{
    /// <summary>
    /// How long an answer of Intake about a key is trusted here: the reconciler calls on every package, so its key is
    /// checked once per period, and a revoked key stops working within it.
    /// </summary>
    public static readonly TimeSpan KeyTrust = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddClassification(this WebApplicationBuilder builder)
    {
        builder.AddCallerVerification(KeyTrust);
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
        app.MapRpcService<ClassificationGrpcService>();
        return app;
    }
}
