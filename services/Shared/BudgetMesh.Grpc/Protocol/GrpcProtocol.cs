using System.Globalization;
using System.Net;
using System.Text;

namespace BudgetMesh.Grpc.Protocol;

/// <summary>Header names, value formats and mappings of PROTOCOL-HTTP2.md.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string Identity = "identity";
    public const string Gzip = "gzip";
    // No spaces: grpc-js splits this header on ',' and compares tokens verbatim.
    public const string SupportedEncodings = "identity,gzip";
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    // Headers that are transport or protocol, never application metadata.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "te", "host", "content-length", "connection", "accept-encoding", "user-agent",
        "traceparent", "tracestate",
        TimeoutHeader, EncodingHeader, AcceptEncodingHeader, StatusHeader, MessageHeader,
    };

    public static bool IsReservedHeader(string name) => name.StartsWith(':') || ReservedHeaders.Contains(name);

    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // "application/grpc", "application/grpc+proto" or with parameters; never "application/grpc-web".
        return contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';';
    }

    public static bool AcceptsGzip(string? acceptEncoding) =>
        acceptEncoding is not null && acceptEncoding.Split(',').Any(e => e.Trim().Equals(Gzip, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <c>grpc-timeout</c> (1-8 digits and a unit); null when absent or malformed.</summary>
    public static TimeSpan? ParseTimeout(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return null;
        }
        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }
        }
        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * 10),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
    }

    /// <summary>Formats a timeout with at most 8 digits, rounding up so a deadline is never shortened to zero.</summary>
    public static string FormatTimeout(TimeSpan timeout)
    {
        var ms = Math.Max(1L, (long)Math.Ceiling(timeout.TotalMilliseconds));
        if (ms <= 99_999_999)
        {
            return ms.ToString(CultureInfo.InvariantCulture) + "m";
        }
        var seconds = (long)Math.Ceiling(timeout.TotalSeconds);
        if (seconds <= 99_999_999)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "S";
        }
        var minutes = (long)Math.Ceiling(timeout.TotalMinutes);
        if (minutes <= 99_999_999)
        {
            return minutes.ToString(CultureInfo.InvariantCulture) + "M";
        }
        return Math.Min(99_999_999L, (long)Math.Ceiling(timeout.TotalHours)).ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>
    /// Longest status message sent, in UTF-8 bytes before escaping. Messages often quote the offending input; a
    /// hostile request must not make the trailer exceed the peer's header-list limit (HTTP/2 peers commonly allow
    /// 8-64 KiB) and break the connection instead of delivering the status.
    /// </summary>
    public const int MaxMessageBytes = 1024;

    /// <summary>
    /// Percent-encodes <c>grpc-message</c>: UTF-8, every byte outside 0x20-0x7E and '%' escaped; a message longer
    /// than <see cref="MaxMessageBytes"/> is cut at a character boundary and ends with "…".
    /// </summary>
    public static string EncodeMessage(string message)
    {
        message = Truncate(message);
        var needsEncoding = false;
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                needsEncoding = true;
                break;
            }
        }
        if (!needsEncoding)
        {
            return message;
        }
        var sb = new StringBuilder(message.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }
        return sb.ToString();
    }

    private static string Truncate(string message)
    {
        if (Encoding.UTF8.GetMaxByteCount(message.Length) <= MaxMessageBytes || Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes)
        {
            return message;
        }

        const string ellipsis = "…";
        var budget = MaxMessageBytes - Encoding.UTF8.GetByteCount(ellipsis);
        var length = 0;
        var bytes = 0;
        while (length < message.Length)
        {
            var width = char.IsHighSurrogate(message[length]) && length + 1 < message.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(message.AsSpan(length, width));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            length += width;
        }

        return string.Concat(message.AsSpan(0, length), ellipsis);
    }

    /// <summary>Decodes <c>grpc-message</c>; an invalid escape is kept verbatim, as the spec asks.</summary>
    public static string DecodeMessage(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Contains('%', StringComparison.Ordinal))
        {
            return value ?? string.Empty;
        }
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The status a client reports for a response that is not HTTP 200 (PROTOCOL-HTTP2 / http-grpc-status-mapping).</summary>
    public static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    public static StatusCode? ParseStatus(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (StatusCode)code : null;

    public static string FormatStatus(StatusCode code) => ((int)code).ToString(CultureInfo.InvariantCulture);
}
