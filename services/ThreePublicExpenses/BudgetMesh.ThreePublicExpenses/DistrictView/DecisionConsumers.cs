using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using MassTransit;

namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>
/// The decisions after approval that change what counts: published (shown as such), returned to the district and
/// retracted from the website (no longer counted). Each records its time once (the inbox) in one transaction.
/// </summary>
internal static class DecisionRecording
{
    public static async Task RecordAsync(ServiceDatabase database, string consumer, Guid eventId, Guid submissionId, int revision, DateTimeOffset at, RevisionEvent happened, CancellationToken cancellationToken)
    {
        await using var change = await database.BeginAsync(cancellationToken);
        if (!await change.TryAcceptAsync(consumer, eventId, cancellationToken))
        {
            return;
        }

        await RevisionStore.MarkAsync(change, happened, submissionId, revision, at, cancellationToken);
        await change.CommitAsync(cancellationToken);
    }

    /// <summary>Transient database or broker trouble is retried; the inbox makes a retry harmless.</summary>
    public static void Retry(IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry => retry.Exponential(6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
}

/// <summary>The website serves the revision.</summary>
internal sealed class DisclosurePublishedConsumer(ServiceDatabase database) : IConsumer<DisclosurePublished>
{
    public Task Consume(ConsumeContext<DisclosurePublished> context) =>
        DecisionRecording.RecordAsync(database, nameof(DisclosurePublishedConsumer), context.Message.EventId, context.Message.SubmissionId, context.Message.Revision,
            context.Message.OccurredAt, RevisionEvent.Published, context.CancellationToken);
}

/// <summary>The revision went back to its district: it stops counting.</summary>
internal sealed class DisclosureReturnedConsumer(ServiceDatabase database) : IConsumer<DisclosureReturned>
{
    public Task Consume(ConsumeContext<DisclosureReturned> context) =>
        DecisionRecording.RecordAsync(database, nameof(DisclosureReturnedConsumer), context.Message.EventId, context.Message.SubmissionId, context.Message.Revision,
            context.Message.OccurredAt, RevisionEvent.Returned, context.CancellationToken);
}

/// <summary>The revision was taken off the website: it stops counting until approved again.</summary>
internal sealed class DisclosureRetractedConsumer(ServiceDatabase database) : IConsumer<DisclosureRetracted>
{
    public Task Consume(ConsumeContext<DisclosureRetracted> context) =>
        DecisionRecording.RecordAsync(database, nameof(DisclosureRetractedConsumer), context.Message.EventId, context.Message.SubmissionId, context.Message.Revision,
            context.Message.OccurredAt, RevisionEvent.Retracted, context.CancellationToken);
}

internal sealed class DisclosurePublishedConsumerDefinition : ConsumerDefinition<DisclosurePublishedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosurePublishedConsumer> consumerConfigurator, IRegistrationContext context) =>
        DecisionRecording.Retry(endpointConfigurator);
}

internal sealed class DisclosureReturnedConsumerDefinition : ConsumerDefinition<DisclosureReturnedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosureReturnedConsumer> consumerConfigurator, IRegistrationContext context) =>
        DecisionRecording.Retry(endpointConfigurator);
}

internal sealed class DisclosureRetractedConsumerDefinition : ConsumerDefinition<DisclosureRetractedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosureRetractedConsumer> consumerConfigurator, IRegistrationContext context) =>
        DecisionRecording.Retry(endpointConfigurator);
}
