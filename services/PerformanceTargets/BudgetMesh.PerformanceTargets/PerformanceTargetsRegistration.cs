using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Grpc;
using BudgetMesh.PerformanceTargets.Checking;

namespace BudgetMesh.PerformanceTargets;

/// <summary>Everything PerformanceTargets registers, listed explicitly.</summary>
internal static class PerformanceTargetsRegistration
{
    public static WebApplicationBuilder AddPerformanceTargets(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PerformanceTargetsGrpcService>();
        return builder;
    }

    public static WebApplication MapPerformanceTargets(this WebApplication app)
    {
        app.MapGrpcService<PerformanceTargetsGrpcService>(PerformanceReflection.Descriptor.Services[0]);
        return app;
    }
}
