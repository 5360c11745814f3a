using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Publication.Publishing;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Publication.Approval;

/// <summary>
/// Takes an approval in: records the publication as pending, with the inbox entry, in one transaction, and wakes the
/// <see cref="ApprovalFetcher"/>. Nothing here calls another service, so an Intake or Reconciler that cannot be reached
/// for longer than a consumer's retries last never sends an approval to the error queue: the fetcher keeps trying.
/// </summary>
internal sealed class DisclosureApprovedConsumer(ServiceDatabase database, ApprovalSignal signal, TimeProvider time)
    : IConsumer<DisclosureApproved>
{
    public async Task Consume(ConsumeContext<DisclosureApproved> context)
    {
        var message = context.Message;
        Activity.Current.TagSubmission(message.SubmissionId);
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(DisclosureApprovedConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        var work = await PublicationStore.AcceptApprovalAsync(change, message, time.GetUtcNow(), context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
        if (work)
        {
            signal.Notify();
        }
    }
}

/// <summary>Database or broker unavailable: retried with backoff; the inbox makes a retry harmless.</summary>
internal sealed class DisclosureApprovedConsumerDefinition : ConsumerDefinition<DisclosureApprovedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosureApprovedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
}
