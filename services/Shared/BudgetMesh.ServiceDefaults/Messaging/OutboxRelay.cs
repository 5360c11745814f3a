using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>Tuning of the relay.</summary>
public sealed record OutboxRelayOptions
{
    /// <summary>How often to look for rows a crashed process left behind.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed per transaction.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Pause after a failed publish (broker down), doubled up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest pause between attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one publish may wait for its confirm. A publish in flight when the broker is killed can wait for a
    /// confirm that never comes, even after MassTransit has reconnected; giving up, replacing the publisher's
    /// connection and publishing again is safe because consumers de-duplicate by message id.
    /// </summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Publishes committed outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED so replicas share the
/// work, published with publisher confirms (MassTransit's RabbitMQ default), and marked in the same
/// transaction that claimed them. A crash after the confirm and before the mark publishes the row again:
/// delivery is at least once, and every consumer's inbox makes it exactly once in effect.
/// </summary>
public sealed class OutboxRelay(ServiceDatabase database, OutboxMessageTypes types, OutboxSignal signal, OutboxPublisher publisher, OutboxRelayOptions options, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    internal static readonly ActivitySource Source = new("BudgetMesh.Outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = options.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int published;
                do
                {
                    published = await PublishBatchAsync(stoppingToken);
                }
                while (published == options.BatchSize);

                backoff = options.InitialBackoff;
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The relay must outlive any broker or database outage; it logs and retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Outbox relay could not publish; retrying in {Backoff}", backoff);
                await publisher.ResetAsync();
                await Task.Delay(backoff, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Publishes one batch of pending rows; returns how many were published.</summary>
    public async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var change = await database.BeginAsync(cancellationToken);
        var pending = new List<PendingRow>();
        await using (var select = change.Command("""
            SELECT id, message_urn, payload::text, trace_parent, trace_state
            FROM outbox_messages
            WHERE published_at IS NULL
            ORDER BY created_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED
            """))
        {
            select.Parameters.AddWithValue(options.BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add(new PendingRow(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        var outcomes = await Task.WhenAll(pending.Select(row => TryPublishAsync(row, cancellationToken)));
        var published = pending.Where((_, i) => outcomes[i] is null).Select(row => row.Id).ToArray();
        var failed = pending.Where((_, i) => outcomes[i] is not null).ToArray();

        await using (var mark = change.Command("UPDATE outbox_messages SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)"))
        {
            mark.Parameters.AddWithValue(published);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var row in failed)
        {
            await using var note = change.Command("UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2 WHERE id = $1");
            note.Parameters.AddWithValue(row.Id);
            note.Parameters.AddWithValue(outcomes[pending.IndexOf(row)]!.Message);
            await note.ExecuteNonQueryAsync(cancellationToken);
        }

        await change.CommitAsync(cancellationToken);

        if (failed.Length > 0)
        {
            throw new AggregateException($"{failed.Length} of {pending.Count} outbox events could not be published.", failed.Select(r => outcomes[pending.IndexOf(r)]!));
        }

        return published.Length;
    }

    private async Task<Exception?> TryPublishAsync(PendingRow row, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        // Named by the message (`outbox publish budgetmesh.intake.budget-submitted.v1`), under the trace of the change that wrote the row.
        using var activity = Source.StartActivity($"outbox publish {MessageName(row.Urn)}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "publish");
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("budgetmesh.message_urn", row.Urn);
        try
        {
            var type = types.TypeOf(row.Urn);
            var message = JsonSerializer.Deserialize(row.Payload, type, ChangeTransaction.PayloadJson)
                ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty payload.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.PublishTimeout);
            try
            {
                // WaitAsync as well as the token: after a broker crash a publish can wait on channel set-up that
                // ignores cancellation; the relay then gives up on it and resets the publisher (OutboxPublisher).
                await publisher.PublishAsync(message, type, row.Id, timeout.Token)
                    .WaitAsync(options.PublishTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No publisher confirm for outbox row {row.Id} within {options.PublishTimeout}.");
            }

            return null;
        }
#pragma warning disable CA1031 // Collected per row, so one bad row does not hold back the batch.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return ex;
        }
    }

    /// <summary>The message's contract name: `urn:message:budgetmesh.intake.budget-submitted.v1` → `budgetmesh.intake.budget-submitted.v1`.</summary>
    internal static string MessageName(string urn) => urn[(urn.LastIndexOf(':') + 1)..];

    private sealed record PendingRow(Guid Id, string Urn, string Payload, string? TraceParent, string? TraceState);
}
