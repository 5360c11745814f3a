using System.Diagnostics;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Publication.Publishing;

/// <summary>
/// A background loop of Publication (ApprovalFetcher, Publisher): passes over the rows that are due, woken by its
/// signal or its poll. A pass the database breaks is logged and tried again shortly, the rows safe where they are; a
/// row whose work fails is put off with growing, jittered delays and its last error shown, never given up.
/// </summary>
internal abstract class PublicationLoop(WakeSignal signal, PublicationStore store, PublicationSettings settings, TimeProvider time, ILogger logger)
    : BackgroundService
{
    /// <summary>What the loop does, for its log lines.</summary>
    protected abstract string Work { get; }

    protected PublicationStore Store => store;

    protected TimeProvider Time => time;

    /// <summary>One pass over what is due; true when more may be due at once (a full batch), false to wait.</summary>
    protected abstract Task<bool> PassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await PassAsync(stoppingToken))
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "{Work} pass failed; retrying", Work);
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Records that <paramref name="record"/>'s work failed and when it is tried again.</summary>
    protected async Task RetryLaterAsync(PublicationRecord record, Activity? activity, string shown, Exception error, CancellationToken cancellationToken)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        var delay = RetryDelay(record.Attempts + 1, settings.MaxRetryDelay);
        logger.LogWarning("{Work} for {SubmissionId} r{Revision} failed (attempt {Attempt}), next in {Delay}: {Error}",
            Work, record.SubmissionId, record.Revision, record.Attempts + 1, delay, error.Message);
        await store.MarkFailedAsync(record, shown + error.Message, time.GetUtcNow() + delay, cancellationToken);
    }

    /// <summary>1 s, 2 s, 4 s … up to the configured ceiling, ±20 % so that many waiting rows spread out.</summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan max)
    {
        var seconds = Math.Min(max.TotalSeconds, Math.Pow(2, Math.Min(attempt - 1, 16)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
