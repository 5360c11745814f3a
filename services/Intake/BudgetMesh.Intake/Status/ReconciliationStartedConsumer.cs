using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Intake.Status;

/// <summary>received → reconciling.</summary>
internal sealed class ReconciliationStartedConsumer(ServiceDatabase database, StatusWriter writer) : IConsumer<ReconciliationStarted>
{
    public async Task Consume(ConsumeContext<ReconciliationStarted> context)
    {
        var message = context.Message;
        Activity.Current.TagSubmission(message.SubmissionId);
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(ReconciliationStartedConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        await writer.ApplyEventAsync(change, nameof(ReconciliationStarted), message.SubmissionId, message.Revision, null,
            new StatusTrigger.ReconciliationStarted(), "reconciler", null, "reconciling", context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Retries only what a retry can fix (a database or broker hiccup); a stale event is recorded, not thrown.</summary>
internal sealed class ReconciliationStartedConsumerDefinition : ConsumerDefinition<ReconciliationStartedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ReconciliationStartedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
}
