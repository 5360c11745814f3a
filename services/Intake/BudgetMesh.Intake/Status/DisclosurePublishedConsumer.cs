using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Intake.Status;

/// <summary>approved → published, for exactly the approved content.</summary>
internal sealed class DisclosurePublishedConsumer(ServiceDatabase database, StatusWriter writer) : IConsumer<DisclosurePublished>
{
    public async Task Consume(ConsumeContext<DisclosurePublished> context)
    {
        var message = context.Message;
        Activity.Current.TagSubmission(message.SubmissionId);
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(DisclosurePublishedConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        await writer.ApplyEventAsync(change, nameof(DisclosurePublished), message.SubmissionId, message.Revision, message.ContentHash,
            new StatusTrigger.Publish(), "publication", message.Path, "publish", context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Retries only what a retry can fix (a database or broker hiccup); a stale event is recorded, not thrown.</summary>
internal sealed class DisclosurePublishedConsumerDefinition : ConsumerDefinition<DisclosurePublishedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosurePublishedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
}
