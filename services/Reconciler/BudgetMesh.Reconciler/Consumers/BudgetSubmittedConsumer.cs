using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Reconciler.Consumers;

/// <summary>Reconciles each submitted revision once: fetch, check, store the report and publish, or retry later.</summary>
internal sealed class BudgetSubmittedConsumer(ReconcileSubmission reconcile) : IConsumer<BudgetSubmitted>
{
    public async Task Consume(ConsumeContext<BudgetSubmitted> context)
    {
        Activity.Current.TagSubmission(context.Message.SubmissionId);
        await reconcile.HandleAsync(context.Message, context.CancellationToken);
    }
}

/// <summary>
/// A peer that is down (UNAVAILABLE, DEADLINE_EXCEEDED) fails the attempt before anything is stored, so the
/// message is retried with exponential back-off for about ten minutes; after that it lands in the error queue,
/// still whole, for an operator to move back. Delayed redelivery is not used: it needs the broker's
/// delayed-message plugin, which the Debian RabbitMQ does not ship.
/// </summary>
internal sealed class BudgetSubmittedConsumerDefinition : ConsumerDefinition<BudgetSubmittedConsumer>
{
    public BudgetSubmittedConsumerDefinition() => ConcurrentMessageLimit = 4;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<BudgetSubmittedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(20, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500)));
    }
}
