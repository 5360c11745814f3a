using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using MassTransit;

namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>An approved revision counts for its department/year (the one approved last), until returned or retracted.</summary>
internal sealed class DisclosureApprovedConsumer(ServiceDatabase database) : IConsumer<DisclosureApproved>
{
    public async Task Consume(ConsumeContext<DisclosureApproved> context)
    {
        var message = context.Message;
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(DisclosureApprovedConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        await RevisionStore.MarkAsync(change, RevisionEvent.Approved, message.SubmissionId, message.Revision, message.OccurredAt, context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Transient database or broker trouble is retried; the inbox makes a retry harmless.</summary>
internal sealed class DisclosureApprovedConsumerDefinition : ConsumerDefinition<DisclosureApprovedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosureApprovedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
}
