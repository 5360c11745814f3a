using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;

namespace BudgetMesh.Intake.Status;

/// <summary>received/reconciling → reconciled (clean, warnings or errors by the report's counts).</summary>
internal sealed class BudgetReconciledConsumer(ServiceDatabase database, StatusWriter writer) : IConsumer<BudgetReconciled>
{
    public async Task Consume(ConsumeContext<BudgetReconciled> context)
    {
        var m = context.Message;
        Activity.Current.TagSubmission(m.SubmissionId);
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(BudgetReconciledConsumer), m.EventId, context.CancellationToken))
        {
            return;
        }

        var summary = $"错误{m.Errors} 警告{m.Warnings} 提示{m.Infos} 待复核{m.Reviews}";
        if (await writer.ApplyEventAsync(change, nameof(BudgetReconciled), m.SubmissionId, m.Revision, m.ContentHash,
                new StatusTrigger.Reconciled(m.Errors, m.Warnings), "reconciler", summary, "reconciled", context.CancellationToken))
        {
            await StatusWriter.RecordReportAsync(change, m.SubmissionId, m.Revision, m.ReportId, m.Errors, m.Warnings, m.Infos, m.Reviews, context.CancellationToken);
        }

        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Retries only what a retry can fix (a database or broker hiccup); a stale event is recorded, not thrown.</summary>
internal sealed class BudgetReconciledConsumerDefinition : ConsumerDefinition<BudgetReconciledConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<BudgetReconciledConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));
}
