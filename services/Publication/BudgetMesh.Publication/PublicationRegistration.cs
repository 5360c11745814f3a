using BudgetMesh.Callers;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Publication.Approval;
using BudgetMesh.Publication.Publishing;
using BudgetMesh.Publication.Retraction;
using BudgetMesh.Publication.Website;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using MassTransit;

namespace BudgetMesh.Publication;

/// <summary>Everything the service registers, listed by hand.</summary>
internal static class PublicationRegistration
{
    public const string Schema = "publication";

    public static WebApplicationBuilder AddPublication(this WebApplicationBuilder builder)
    {
        var settings = PublicationSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.AddServiceDatabase(Schema, typeof(PublicationRegistration).Assembly);
        builder.AddBus(
            bus => bus.AddConsumer<DisclosureApprovedConsumer, DisclosureApprovedConsumerDefinition>(),
            typeof(DisclosurePublished),
            typeof(DisclosureRetracted));
        ApprovedRevisionSource.Register(builder);

        builder.Services.AddSingleton<ApprovedRevisionSource>();
        // Operator actions are rare: ask Intake every time, so a revoked key stops working here at once.
        builder.AddCallerVerification(TimeSpan.Zero);
        builder.Services.AddSingleton<PublicationStore>();
        builder.Services.AddSingleton<PublisherSignal>();
        builder.Services.AddSingleton<ApprovalSignal>();
        builder.Services.AddSingleton<PublicationMetrics>();
        builder.Services.AddSingleton(sp => new WebsiteClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, sp.GetRequiredService<PublicationSettings>()));
        builder.Services.AddSingleton<RetractionHandler>();
        builder.Services.AddSingleton<PublicationGrpcService>();

        // Registered after AddServiceDatabase, so they start once the schema is migrated.
        builder.Services.AddHostedService<ApprovalFetcher>();
        builder.Services.AddHostedService<Publisher>();
        return builder;
    }

    public static WebApplication MapPublication(this WebApplication app)
    {
        app.MapRpcService<PublicationGrpcService>();
        return app;
    }
}
