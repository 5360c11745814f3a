using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.Grpc;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ThreePublicExpenses.DistrictView;
using MassTransit;

namespace BudgetMesh.ThreePublicExpenses;

/// <summary>Everything the service registers, listed by hand.</summary>
internal static class ThreePublicExpensesRegistration
{
    public const string Schema = "three_public";

    public static WebApplicationBuilder AddThreePublicExpenses(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase(Schema, typeof(ThreePublicExpensesRegistration).Assembly);
        builder.AddBus(bus =>
        {
            bus.AddConsumer<BudgetReconciledConsumer, BudgetReconciledConsumerDefinition>();
            bus.AddConsumer<DisclosureApprovedConsumer, DisclosureApprovedConsumerDefinition>();
        });
        builder.Services.AddSingleton<RevisionStore>();
        builder.Services.AddSingleton<ThreePublicExpensesGrpcService>();
        return builder;
    }

    public static WebApplication MapThreePublicExpenses(this WebApplication app)
    {
        app.MapGrpcService<ThreePublicExpensesGrpcService>(ThreePublicReflection.Descriptor.Services[0]);
        return app;
    }
}
