using System.Collections.Concurrent;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.ServiceDefaults.Messaging;
using Grpc.Core;

namespace BudgetMesh.Intake.Keys;

/// <summary>
/// Turns the `authorization` metadata (checked once per call, by <see cref="IntakeKeyVerifier"/>) into a <see cref="Caller"/>, or UNAUTHENTICATED. A valid key's row is kept
/// for <see cref="CacheFor"/> so a busy district system does not cost a database round trip per call; the secret is
/// still checked against the stored hash on every call. A key revoked through this process stops working at once
/// (<see cref="Forget"/>); one revoked through another replica or by hand in the database stops within
/// <see cref="CacheFor"/>.
/// </summary>
internal sealed class KeyAuthenticator(ServiceDatabase database, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    // A bound on memory, not a tuning knob: there are a few hundred keys, so this is only reached under abuse.
    private const int MaxCached = 10_000;

    // Compared against when the key id is unknown, so an unknown id costs the same as a wrong secret.
    private static readonly byte[] Decoy = new byte[32];

    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);
    private long _generation;

    public async Task<Caller> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (!ApiKeys.TryParseBearer(authorization, out var key))
        {
            throw RpcErrors.Status(StatusCode.Unauthenticated, "缺少有效的API密钥");
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key.KeyId, out var cached) && cached.ExpiresAt > now)
        {
            return ApiKeys.Matches(cached.SecretHash, key.Secret) ? cached.Caller : throw Invalid();
        }

        // A revocation that lands while this lookup is in flight must not be undone by caching what it read.
        var generation = Interlocked.Read(ref _generation);
        await using var command = database.DataSource.CreateCommand("SELECT kind, district_code, name, secret_hash, revoked_at IS NOT NULL FROM api_keys WHERE key_id = $1");
        command.Parameters.AddWithValue(key.KeyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken);
        var secretHash = found ? reader.GetFieldValue<byte[]>(3) : Decoy;
        var matches = ApiKeys.Matches(secretHash, key.Secret);
        if (!found || !matches || reader.GetBoolean(4))
        {
            throw Invalid();
        }

        var caller = new Caller(key.KeyId, reader.GetString(2), KeyKinds.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1));
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        if (Interlocked.Read(ref _generation) == generation)
        {
            _cache[key.KeyId] = new CachedKey(caller, secretHash, now + CacheFor);
        }

        return caller;
    }

    /// <summary>Called when a key is revoked here: its next call reads the revoked row.</summary>
    public void Forget(string keyId)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove(keyId, out _);
    }

    private static RpcException Invalid() =>
        RpcErrors.Status(StatusCode.Unauthenticated, "API密钥无效或已吊销");

    private sealed record CachedKey(Caller Caller, byte[] SecretHash, DateTimeOffset ExpiresAt);
}
