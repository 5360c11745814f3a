using BudgetMesh.Callers;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ThreePublicExpenses.DistrictView;
using MassTransit;

namespace BudgetMesh.ThreePublicExpenses;

/// <summary>Everything the service registers, listed by hand.</summary>
internal static class ThreePublicExpensesRegistration
{
    public const string Schema = "three_public";

    /// <summary>
    /// How long an answer of Intake about a key is trusted here: the reconciler calls on every package, so its key is
    /// checked once per period, and a revoked key stops working within it.
    /// </summary>
    public static readonly TimeSpan KeyTrust = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddThreePublicExpenses(this WebApplicationBuilder builder)
    {
        builder.AddCallerVerification(KeyTrust);
        builder.AddServiceDatabase(Schema, typeof(ThreePublicExpensesRegistration).Assembly);
        builder.AddBus(bus =>
        {
            bus.AddConsumer<BudgetReconciledConsumer, BudgetReconciledConsumerDefinition>();
            bus.AddConsumer<DisclosureApprovedConsumer, DisclosureApprovedConsumerDefinition>();
            bus.AddConsumer<DisclosurePublishedConsumer, DisclosurePublishedConsumerDefinition>();
            bus.AddConsumer<DisclosureReturnedConsumer, DisclosureReturnedConsumerDefinition>();
            bus.AddConsumer<DisclosureRetractedConsumer, DisclosureRetractedConsumerDefinition>();
        });
        builder.Services.AddSingleton<RevisionStore>();
        builder.Services.AddSingleton<ThreePublicExpensesGrpcService>();
        return builder;
    }

    public static WebApplication MapThreePublicExpenses(this WebApplication app)
    {
        app.MapRpcService<ThreePublicExpensesGrpcService>();
        return app;
    }
}
