using System.Collections;
using System.Text;

namespace BudgetMesh.Grpc;

/// <summary>
/// gRPC metadata: request headers, response headers or trailers. Keys are lower-case; keys ending in
/// <c>-bin</c> carry bytes (base64 on the wire), all others printable ASCII strings.
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    /// <summary>Suffix that marks a binary metadata key.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    /// <summary>One metadata entry; exactly one of <see cref="Value"/> and <see cref="ValueBytes"/> is set.</summary>
    public sealed record Entry(string Key, string? Value, byte[]? ValueBytes)
    {
        /// <summary>True for a <c>-bin</c> key.</summary>
        public bool IsBinary => ValueBytes is not null;
    }

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an ASCII entry.</summary>
    public void Add(string key, string value)
    {
        key = ValidateKey(key);
        if (IsBinaryKey(key))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in '-bin': add a byte[] value.", nameof(key));
        }
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new ArgumentException($"Metadata value for '{key}' must be printable ASCII; use a '-bin' key for bytes.", nameof(value));
            }
        }
        _entries.Add(new Entry(key, value, null));
    }

    /// <summary>Adds a binary entry; the key must end in <c>-bin</c>.</summary>
    public void Add(string key, byte[] value)
    {
        key = ValidateKey(key);
        if (!IsBinaryKey(key))
        {
            throw new ArgumentException($"Binary metadata key '{key}' must end in '-bin'.", nameof(key));
        }
        ArgumentNullException.ThrowIfNull(value);
        _entries.Add(new Entry(key, null, value));
    }

    /// <summary>The last string value for a key, or null.</summary>
    public string? GetValue(string key)
    {
        key = key.ToLowerInvariant();
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == key)
            {
                return _entries[i].Value;
            }
        }
        return null;
    }

    /// <summary>The last binary value for a <c>-bin</c> key, or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        key = key.ToLowerInvariant();
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == key)
            {
                return _entries[i].ValueBytes;
            }
        }
        return null;
    }

    /// <summary>Every entry with a key.</summary>
    public IEnumerable<Entry> GetAll(string key)
    {
        key = key.ToLowerInvariant();
        return _entries.Where(e => e.Key == key).ToList();
    }

    /// <summary>Removes every entry with a key; returns whether any existed.</summary>
    public bool Remove(string key)
    {
        key = key.ToLowerInvariant();
        return _entries.RemoveAll(e => e.Key == key) > 0;
    }

    /// <inheritdoc />
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.Ordinal);

    // Values that arrive from the wire were produced by arbitrary peers: keep what we can, never throw.
    internal void AddFromWire(string key, string value)
    {
        if (IsBinaryKey(key))
        {
            foreach (var part in value.Split(','))
            {
                var bytes = TryDecodeBase64(part.Trim());
                if (bytes is not null)
                {
                    _entries.Add(new Entry(key, null, bytes));
                }
            }
        }
        else
        {
            _entries.Add(new Entry(key, value, null));
        }
    }

    internal static string ToWireValue(Entry entry) =>
        entry.ValueBytes is { } bytes ? Convert.ToBase64String(bytes).TrimEnd('=') : entry.Value!;

    private static byte[]? TryDecodeBase64(string text)
    {
        // Peers may omit padding, which the spec allows.
        var padded = (text.Length % 4) switch
        {
            2 => text + "==",
            3 => text + "=",
            _ => text,
        };
        var buffer = new byte[padded.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    private static string ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        key = key.ToLowerInvariant();
        foreach (var c in key)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' may only contain 0-9 a-z - _ .", nameof(key));
            }
        }
        if (key.StartsWith("grpc-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved by gRPC.", nameof(key));
        }
        return key;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in _entries)
        {
            sb.Append(e.Key).Append('=').Append(e.Value ?? Convert.ToBase64String(e.ValueBytes!)).Append("; ");
        }
        return sb.ToString();
    }
}
