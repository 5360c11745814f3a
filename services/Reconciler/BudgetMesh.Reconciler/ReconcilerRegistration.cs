using BudgetMesh.Callers;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Reconciler.Checking;
using BudgetMesh.Reconciler.Consumers;
using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.Reconciler.Reports;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;

namespace BudgetMesh.Reconciler;

/// <summary>Everything the Reconciler registers, listed explicitly.</summary>
internal static class ReconcilerRegistration
{
    public static WebApplicationBuilder AddReconciler(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase("reconciler", typeof(ReconcilerRegistration).Assembly);
        builder.AddBus(
            bus => bus.AddConsumer<BudgetSubmittedConsumer>(typeof(BudgetSubmittedConsumerDefinition)),
            typeof(ReconciliationStarted),
            typeof(BudgetReconciled));

        PeerChecks.Register(builder);
        // CheckPackage asks Intake who is calling every time: it is rare and a revoked key must stop at once.
        builder.AddCallerVerification(TimeSpan.Zero);

        builder.Services.AddSingleton(PeerOptions.From(builder.Configuration));
        builder.Services.AddSingleton(ReconcileRetryOptions.From(builder.Configuration));
        builder.Services.AddSingleton(RuleCatalog.RuleCatalog.Embedded);
        builder.Services.AddSingleton<ReconciliationEngine>();
        builder.Services.AddSingleton<PeerChecks>();
        builder.Services.AddSingleton<IRuleServices>(services => services.GetRequiredService<PeerChecks>());
        builder.Services.AddSingleton<CheckingPipeline>();
        builder.Services.AddSingleton<CheckWithoutSubmitting>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<ReconcilerMetrics>();
        builder.Services.AddSingleton<ReconcileSubmission>();
        builder.Services.AddSingleton<ReportAccess>();
        builder.Services.AddSingleton<ReconcilerGrpcService>();
        return builder;
    }

    public static WebApplication MapReconciler(this WebApplication app)
    {
        app.MapRpcService<ReconcilerGrpcService>();
        return app;
    }
}
