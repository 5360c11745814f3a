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

    private const string InboxInsert = "INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    private const string OutboxInsert = "INSERT INTO outbox_messages (id, message_urn, payload, trace_parent, trace_state) VALUES ($1, $2, $3, $4, $5)";

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
    /// A batch bound to this transaction: its statements go to PostgreSQL in one round trip, in order, and a
    /// failing one fails the batch (and so the transaction).
    /// </summary>
    public NpgsqlBatch Batch() => new(Connection, Transaction);

    /// <summary>
    /// Records that <paramref name="consumer"/> handles <paramref name="messageId"/> in this transaction.
    /// False when it was already handled: the caller must then change nothing.
    /// </summary>
    public async Task<bool> TryAcceptAsync(string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = Command(InboxInsert);
        command.Parameters.AddWithValue(consumer);
        command.Parameters.AddWithValue(messageId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// <see cref="TryAcceptAsync"/> as a statement of a <see cref="Batch"/>: after the batch has run, its
    /// RecordsAffected is 1 when the message is new here and 0 when it was already handled (change nothing then).
    /// </summary>
    public static NpgsqlBatchCommand AcceptCommand(string consumer, Guid messageId)
    {
        var command = new NpgsqlBatchCommand(InboxInsert);
        command.Parameters.AddWithValue(consumer);
        command.Parameters.AddWithValue(messageId);
        return command;
    }

    /// <summary>
    /// Writes an event to the outbox; the relay publishes it with <paramref name="messageId"/> as the
    /// MassTransit message id after this transaction commits, under the trace of the current activity.
    /// </summary>
    public async Task PublishAsync<T>(Guid messageId, T message, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = Command(OutboxInsert);
        AddOutboxParameters(command.Parameters, messageId, message);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _wroteOutbox = true;
    }

    /// <summary>
    /// <see cref="PublishAsync{T}"/> as a statement of a <see cref="Batch"/>, so the event rides in the same round
    /// trip as the change that causes it. The event is in the outbox once the batch has run and the transaction commits.
    /// </summary>
    public NpgsqlBatchCommand PublishCommand<T>(Guid messageId, T message)
        where T : class
    {
        var command = new NpgsqlBatchCommand(OutboxInsert);
        AddOutboxParameters(command.Parameters, messageId, message);
        _wroteOutbox = true;
        return command;
    }

    private void AddOutboxParameters<T>(NpgsqlParameterCollection parameters, Guid messageId, T message)
        where T : class
    {
        var activity = Activity.Current;
        parameters.AddWithValue(messageId);
        parameters.AddWithValue(_types.UrnOf(typeof(T)));
        parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(message, PayloadJson), NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.AddWithValue(activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : DBNull.Value);
        parameters.AddWithValue((object?)activity?.TraceStateString ?? DBNull.Value);
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
