using BudgetMesh.Grpc;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Intake.Keys;

/// <summary>
/// Turns the `authorization` metadata into a <see cref="Caller"/>, or UNAUTHENTICATED. Looked up on every
/// call, so a revoked key stops working at once.
/// </summary>
internal sealed class KeyAuthenticator(ServiceDatabase database)
{
    // Compared against when the key id is unknown, so an unknown id costs the same as a wrong secret.
    private static readonly byte[] Decoy = new byte[32];

    public async Task<Caller> AuthenticateAsync(Metadata headers, CancellationToken cancellationToken)
    {
        if (!ApiKeys.TryParseBearer(headers.GetValue("authorization"), out var key))
        {
            throw new GrpcStatusException(StatusCode.Unauthenticated, "缺少有效的API密钥（authorization: Bearer bm_…） / a valid API key is required (authorization: Bearer bm_…)");
        }

        await using var command = database.DataSource.CreateCommand("SELECT kind, district_code, name, secret_hash, revoked_at IS NOT NULL FROM api_keys WHERE key_id = $1");
        command.Parameters.AddWithValue(key.KeyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken);
        var matches = ApiKeys.Matches(found ? reader.GetFieldValue<byte[]>(3) : Decoy, key.Secret);
        if (!found || !matches || reader.GetBoolean(4))
        {
            throw new GrpcStatusException(StatusCode.Unauthenticated, "API密钥无效或已吊销 / the API key is invalid or revoked");
        }

        return new Caller(key.KeyId, reader.GetString(2), KeyKinds.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
