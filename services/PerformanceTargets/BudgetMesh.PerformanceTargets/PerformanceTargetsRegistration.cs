using BudgetMesh.Callers;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.PerformanceTargets.Checking;

namespace BudgetMesh.PerformanceTargets;

/// <summary>Everything PerformanceTargets registers, listed explicitly.</summary>
internal static class PerformanceTargetsRegistration
{
    /// <summary>
    /// How long an answer of Intake about a key is trusted here: the reconciler calls on every package, so its key is
    /// checked once per period, and a revoked key stops working within it.
    /// </summary>
    public static readonly TimeSpan KeyTrust = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddPerformanceTargets(this WebApplicationBuilder builder)
    {
        builder.AddCallerVerification(KeyTrust);
        builder.Services.AddSingleton<PerformanceTargetsGrpcService>();
        return builder;
    }

    public static WebApplication MapPerformanceTargets(this WebApplication app)
    {
        app.MapRpcService<PerformanceTargetsGrpcService>();
        return app;
    }
}
