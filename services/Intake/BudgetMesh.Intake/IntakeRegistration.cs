using BudgetMesh.Callers;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Intake.Approval;
using BudgetMesh.Intake.Audit;
using BudgetMesh.Intake.Keys;
using BudgetMesh.Intake.Status;
using BudgetMesh.Intake.Submission;
using BudgetMesh.Intake.Validation;
using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Intake;

/// <summary>Everything Intake registers, listed explicitly: no scanning.</summary>
internal static class IntakeRegistration
{
    public static WebApplicationBuilder AddIntake(this WebApplicationBuilder builder)
    {
        var limits = IntakeLimits.From(builder.Configuration);
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton(BootstrapAdminKey.From(builder.Configuration));

        builder.Services.AddSingleton<KeyAuthenticator>();
        builder.Services.AddSingleton<ICallerVerifier, IntakeKeyVerifier>();
        builder.Services.AddSingleton<KeyStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<StatusWriter>();
        builder.Services.AddSingleton<StatusNotifications>();
        builder.Services.AddSingleton<SubmissionReader>();
        builder.Services.AddSingleton<IntakeMetrics>();
        builder.Services.AddSingleton<SubmitPackageHandler>();
        builder.Services.AddSingleton<ApprovalHandler>();
        builder.Services.AddSingleton<Review.ReviewMarks>();
        builder.Services.AddSingleton<WatchSubmissionHandler>();
        builder.Services.AddSingleton<IntakeGrpcService>();
        builder.AddGrpcServiceOptions<IntakeGrpcService>(o => o.MaxReceiveMessageSize = limits.MaxPackageBytes);
        builder.Services.AddSingleton<KeyGrpcService>();

        // Registered after AddServiceDatabase, so they start once the schema is migrated.
        builder.Services.AddHostedService<BootstrapAdminKeyService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusNotifications>());

        builder.AddBus(
            bus =>
            {
                bus.AddConsumer<ReconciliationStartedConsumer, ReconciliationStartedConsumerDefinition>();
                bus.AddConsumer<BudgetReconciledConsumer, BudgetReconciledConsumerDefinition>();
                bus.AddConsumer<DisclosurePublishedConsumer, DisclosurePublishedConsumerDefinition>();
                bus.AddConsumer<DisclosureRetractedConsumer, DisclosureRetractedConsumerDefinition>();
            },
            typeof(BudgetSubmitted),
            typeof(DisclosureApproved),
            typeof(DisclosureReturned));
        return builder;
    }

    public static WebApplication MapIntake(this WebApplication app)
    {
        app.MapRpcService<IntakeGrpcService>();
        app.MapRpcService<KeyGrpcService>();
        return app;
    }
}
