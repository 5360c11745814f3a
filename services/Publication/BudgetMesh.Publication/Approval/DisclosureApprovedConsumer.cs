using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Publication.Publishing;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Publication.Approval;

/// <summary>
/// Fetches what was approved, runs the publication gate and records the publication as pending (or refused) with
/// the inbox entry in one transaction; the publisher does the website work.
/// </summary>
internal sealed class DisclosureApprovedConsumer(ServiceDatabase database, ApprovedRevisionSource source, PublisherSignal signal, TimeProvider time)
    : IConsumer<DisclosureApproved>
{
    public async Task Consume(ConsumeContext<DisclosureApproved> context)
    {
        var message = context.Message;
        Activity.Current.TagSubmission(message.SubmissionId);
        var fetched = await source.FetchAsync(message.SubmissionId, message.Revision, context.CancellationToken);
        var decision = PublicationGate.Check(message, fetched.Submission, fetched.Report);

        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(DisclosureApprovedConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        var work = await PublicationStore.AcceptApprovalAsync(change, message, fetched.Submission?.Package, decision.Refusal, time.GetUtcNow(), context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
        if (work)
        {
            signal.Notify();
        }
    }
}

/// <summary>Intake, Reconciler, database or broker unavailable: retried with backoff; the inbox makes a retry harmless.</summary>
internal sealed class DisclosureApprovedConsumerDefinition : ConsumerDefinition<DisclosureApprovedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosureApprovedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)));
}
