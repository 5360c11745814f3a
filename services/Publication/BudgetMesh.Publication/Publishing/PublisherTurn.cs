using Npgsql;

namespace BudgetMesh.Publication.Publishing;

/// <summary>
/// The publisher's turn among the replicas of Publication: a session advisory lock on the publication database, held
/// for one pass. Passes run one at a time across replicas, so a pending disclosure is pushed by one of them, and the
/// index pages are rebuilt by one writer from what the database holds, never by two from two different snapshots (each
/// would drop the other's new entry). A replica that dies loses its connection and with it the lock. Only while the
/// database fails over can a pass on the old connection overlap one on the new primary; the pushes are idempotent and
/// the row's change_no decides which outcome is recorded.
/// </summary>
internal sealed class PublisherTurn : IAsyncDisposable
{
    private const string LockKey = "hashtext('publication.publisher')";
    private readonly NpgsqlConnection _connection;

    private PublisherTurn(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Waits until no other replica is in a pass, then holds the turn until disposed.</summary>
    public static async Task<PublisherTurn> TakeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PublisherTurn(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", _connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the session's lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
