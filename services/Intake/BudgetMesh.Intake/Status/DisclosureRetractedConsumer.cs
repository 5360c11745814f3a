using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Intake.Status;

/// <summary>published → retracted, with who retracted it and why.</summary>
internal sealed class DisclosureRetractedConsumer(ServiceDatabase database, StatusWriter writer) : IConsumer<DisclosureRetracted>
{
    public async Task Consume(ConsumeContext<DisclosureRetracted> context)
    {
        var message = context.Message;
        Activity.Current.TagSubmission(message.SubmissionId);
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(DisclosureRetractedConsumer), message.EventId, context.CancellationToken))
        {
            return;
        }

        await writer.ApplyEventAsync(change, nameof(DisclosureRetracted), message.SubmissionId, message.Revision, null,
            new StatusTrigger.Retract(), $"publication ({message.RetractedBy})", message.Reason, "retract", context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Retries only what a retry can fix (a database or broker hiccup); a stale event is recorded, not thrown.</summary>
internal sealed class DisclosureRetractedConsumerDefinition : ConsumerDefinition<DisclosureRetractedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DisclosureRetractedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
}
