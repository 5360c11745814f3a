using Npgsql;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>A service's own database (its schema is the connection's search path).</summary>
public sealed class ServiceDatabase(NpgsqlDataSource dataSource, OutboxMessageTypes types, OutboxSignal signal)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>Starts a transaction for one change, with the outbox and inbox at hand.</summary>
    public async Task<ChangeTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new ChangeTransaction(connection, transaction, types, signal);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
