using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Intake.Audit;
using BudgetMesh.ServiceDefaults.Messaging;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace BudgetMesh.Intake.Keys;

/// <summary>The api_keys table. Secrets exist only in the CreateKey answer; the table holds their sha256.</summary>
internal sealed class KeyStore(ServiceDatabase database, KeyAuthenticator authenticator, TimeProvider time)
{
    private const string Columns = "key_id, kind, district_code, name, created_at, created_by, revoked_at";

    public async Task<CreateKeyResponse> CreateAsync(Caller creator, KeyKind kind, string? districtCode, string name, CancellationToken cancellationToken)
    {
        var (key, text) = ApiKeys.Generate();
        var now = time.GetUtcNow();
        await using var change = await database.BeginAsync(cancellationToken);
        await InsertAsync(change, key, kind, districtCode, name, now, creator.Actor, cancellationToken);
        await AuditLog.AppendAsync(change, now, creator.Actor, "key-create", null, null, $"创建{KindLabel(kind)}密钥 {key.KeyId}“{name}”{(districtCode is null ? "" : $"（区县 {districtCode}）")}", cancellationToken);
        await change.CommitAsync(cancellationToken);
        return new CreateKeyResponse
        {
            Key = new ApiKey { KeyId = key.KeyId, Kind = kind, DistrictCode = districtCode ?? string.Empty, Name = name, CreatedAt = Timestamp.FromDateTimeOffset(now), CreatedBy = creator.Actor },
            Secret = text,
        };
    }

    /// <summary>Makes sure the bootstrap admin key exists; a no-op when it already does (even if later revoked).</summary>
    public async Task EnsureAdminAsync(ParsedKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var change = await database.BeginAsync(cancellationToken);
        if (await InsertAsync(change, key, KeyKind.Admin, null, "初始管理员", now, "bootstrap", cancellationToken))
        {
            await AuditLog.AppendAsync(change, now, "bootstrap", "key-create", null, null, $"按启动配置创建管理员密钥 {key.KeyId}", cancellationToken);
        }

        await change.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(bool includeRevoked, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM api_keys WHERE $1 OR revoked_at IS NULL ORDER BY created_at, key_id");
        command.Parameters.AddWithValue(includeRevoked);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <summary>Revokes a key; revoking a revoked key changes nothing. Null when there is no such key.</summary>
    public async Task<ApiKey?> RevokeAsync(Caller revoker, string keyId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var change = await database.BeginAsync(cancellationToken);
        await using (var update = change.Command("UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE key_id = $1 AND revoked_at IS NULL"))
        {
            update.Parameters.AddWithValue(keyId);
            update.Parameters.AddWithValue(now);
            update.Parameters.AddWithValue(revoker.Actor);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await AuditLog.AppendAsync(change, now, revoker.Actor, "key-revoke", null, null, $"吊销密钥 {keyId}{(reason.Length > 0 ? "：" + reason : "")}", cancellationToken);
            }
        }

        ApiKey? key = null;
        await using (var select = change.Command($"SELECT {Columns} FROM api_keys WHERE key_id = $1"))
        {
            select.Parameters.AddWithValue(keyId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                key = Read(reader);
            }
        }

        await change.CommitAsync(cancellationToken);
        authenticator.Forget(keyId);
        return key;
    }

    private static async Task<bool> InsertAsync(ChangeTransaction change, ParsedKey key, KeyKind kind, string? districtCode, string name, DateTimeOffset now, string createdBy, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            INSERT INTO api_keys (key_id, kind, district_code, name, secret_hash, created_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (key_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(key.KeyId);
        command.Parameters.AddWithValue(kind.ToName());
        command.Parameters.AddWithValue((object?)districtCode ?? DBNull.Value);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(ApiKeys.HashSecret(key.Secret));
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(createdBy);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static ApiKey Read(NpgsqlDataReader reader)
    {
        var key = new ApiKey
        {
            KeyId = reader.GetString(0),
            Kind = KeyKinds.Parse(reader.GetString(1)),
            DistrictCode = reader.IsDBNull(2) ? string.Empty : reader.GetString(2),
            Name = reader.GetString(3),
            CreatedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(4)),
            CreatedBy = reader.GetString(5),
        };
        if (!reader.IsDBNull(6))
        {
            key.RevokedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(6));
        }

        return key;
    }

    // Audit texts are read by operators: Chinese, with the key id as the only code.
    private static string KindLabel(KeyKind kind) => kind switch
    {
        KeyKind.District => "区县系统",
        KeyKind.Admin => "管理员",
        KeyKind.Service => "系统服务",
        _ => "操作员",
    };
}
