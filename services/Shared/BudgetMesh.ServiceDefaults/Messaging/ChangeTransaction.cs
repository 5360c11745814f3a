using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// One database transaction of a service: its own change, the events that change causes (outbox) and,
/// in a consumer, the id of the message being handled (inbox) — committed together or not at all.
/// </summary>
public sealed class ChangeTransaction : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private readonly OutboxMessageTypes _types;
    private readonly OutboxSignal _signal;
    private bool _wroteOutbox;

    internal ChangeTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxMessageTypes types, OutboxSignal signal)
    {
        Connection = connection;
        Transaction = transaction;
        _types = types;
        _signal = signal;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>A command bound to this transaction.</summary>
    public NpgsqlCommand Command(string sql)
    {
#pragma warning disable CA2100 // Callers pass constant SQL with $n parameters; values never go into the text.
        return new NpgsqlCommand(sql, Connection, Transaction);
#pragma warning restore CA2100
    }

    /// <summary>
    /// Records that <paramref name="consumer"/> handles <paramref name="messageId"/> in this transaction.
    /// False when it was already handled: the caller must then change nothing.
    /// </summary>
    public async Task<bool> TryAcceptAsync(string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = Command("INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(consumer);
        command.Parameters.AddWithValue(messageId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Writes an event to the outbox; the relay publishes it with <paramref name="messageId"/> as the
    /// MassTransit message id after this transaction commits, under the trace of the current activity.
    /// </summary>
    public async Task PublishAsync<T>(Guid messageId, T message, CancellationToken cancellationToken)
        where T : class
    {
        var activity = Activity.Current;
        await using var command = Command("INSERT INTO outbox_messages (id, message_urn, payload, trace_parent, trace_state) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.AddWithValue(messageId);
        command.Parameters.AddWithValue(_types.UrnOf(typeof(T)));
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(message, PayloadJson), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : DBNull.Value);
        command.Parameters.AddWithValue((object?)activity?.TraceStateString ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _wroteOutbox = true;
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken);
        if (_wroteOutbox)
        {
            _signal.Notify();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
