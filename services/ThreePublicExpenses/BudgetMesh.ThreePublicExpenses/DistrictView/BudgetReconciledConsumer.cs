using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using MassTransit;

namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>A reconciled revision waits for a decision: shown as such among the departments whose figures do not count yet.</summary>
internal sealed class BudgetReconciledConsumer(ServiceDatabase database) : IConsumer<BudgetReconciled>
{
    public async Task Consume(ConsumeContext<BudgetReconciled> context)
    {
        var message = context.Message;
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(BudgetReconciledConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        await RevisionStore.MarkAsync(change, RevisionEvent.Reconciled, message.SubmissionId, message.Revision, message.OccurredAt, context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Transient database or broker trouble is retried; the inbox makes a retry harmless.</summary>
internal sealed class BudgetReconciledConsumerDefinition : ConsumerDefinition<BudgetReconciledConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<BudgetReconciledConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
}
