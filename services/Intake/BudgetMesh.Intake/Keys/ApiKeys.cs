using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BudgetMesh.Intake.Keys;

/// <summary>A key as handed out: `bm_&lt;key id&gt;_&lt;secret&gt;`. The id finds the row; only the secret's hash is stored.</summary>
internal sealed record ParsedKey(string KeyId, string Secret)
{
    /// <summary>Never the secret: records print as the key id only, so a key cannot leak through a log line.</summary>
    public override string ToString() => $"bm_{KeyId}_***";
}

internal static class ApiKeys
{
    public const string Prefix = "bm_";
    private const int MinSecretLength = 16;

    /// <summary>A new key: 8 random bytes of id (hex) and 32 random bytes of secret (base64url).</summary>
    public static (ParsedKey Key, string Text) Generate()
    {
        var key = new ParsedKey(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
        return (key, Format(key));
    }

    /// <summary>Whether <paramref name="keyId"/> can be a key id at all (1-64 ASCII letters and digits).</summary>
    public static bool IsKeyId(string keyId) => keyId.Length is >= 1 and <= 64 && IsAlphanumeric(keyId);

    public static string Format(ParsedKey key) => $"{Prefix}{key.KeyId}_{key.Secret}";

    /// <summary>
    /// Splits a key at the first underscore after the prefix: the id is hex/alphanumeric, while a base64url
    /// secret may itself contain underscores.
    /// </summary>
    public static bool TryParse(string? text, out ParsedKey key)
    {
        key = new ParsedKey(string.Empty, string.Empty);
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator is < 1 or > 64)
        {
            return false;
        }

        var id = rest[..separator];
        var secret = rest[(separator + 1)..];
        if (!IsAlphanumeric(id) || secret.Length < MinSecretLength || secret.Length > 256 || !IsBase64Url(secret))
        {
            return false;
        }

        key = new ParsedKey(id.ToString(), secret.ToString());
        return true;
    }

    /// <summary>Reads `Bearer &lt;key&gt;` from the authorization metadata.</summary>
    public static bool TryParseBearer(string? authorization, out ParsedKey key)
    {
        key = new ParsedKey(string.Empty, string.Empty);
        const string scheme = "Bearer ";
        return authorization is not null
            && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && TryParse(authorization[scheme.Length..].Trim(), out key);
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Constant time, so the answer's timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(byte[] storedHash, string secret) => CryptographicOperations.FixedTimeEquals(storedHash, HashSecret(secret));

    private static bool IsAlphanumeric(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
