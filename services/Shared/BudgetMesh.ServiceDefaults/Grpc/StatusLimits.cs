using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// Keeps a status within what every HTTP/2 peer accepts in a trailer. Messages and field violations quote the input
/// they reject, and a hostile or huge request could otherwise produce a trailer large enough to break the connection
/// instead of delivering the status: the message is cut at <see cref="MaxMessageBytes"/>, the details at
/// <see cref="MaxDetailsBytes"/> (saying how many violations were left out).
/// </summary>
public static class StatusLimits
{
    /// <summary>Longest status message sent, in UTF-8 bytes before escaping.</summary>
    public const int MaxMessageBytes = 1024;

    /// <summary>Largest serialized <c>google.rpc.Status</c> sent (base64 adds a third: about 21 KiB on the wire).</summary>
    public const int MaxDetailsBytes = 16 * 1024;

    private const string DetailsTrailer = "grpc-status-details-bin";
    private const int MaxFieldChars = 256;
    private const int MaxDescriptionChars = 512;

    /// <summary>The same status within the limits, or null when it already is.</summary>
    public static RpcException? Bounded(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var messageFits = Encoding.UTF8.GetByteCount(exception.Status.Detail) <= MaxMessageBytes;
        var details = exception.Trailers.GetValueBytes(DetailsTrailer);
        if (messageFits && (details is null || details.Length <= MaxDetailsBytes))
        {
            return null;
        }

        var message = CutMessage(exception.Status.Detail);
        if (details is null)
        {
            return new RpcException(new global::Grpc.Core.Status(exception.StatusCode, message), Without(exception.Trailers, DetailsTrailer));
        }

        Google.Rpc.Status parsed;
        try
        {
            parsed = Google.Rpc.Status.Parser.ParseFrom(details);
        }
        catch (InvalidProtocolBufferException)
        {
            return new RpcException(new global::Grpc.Core.Status(exception.StatusCode, message), Without(exception.Trailers, DetailsTrailer));
        }

        parsed.Message = message;
        return Bound(parsed).ToRpcException();
    }

    /// <summary><paramref name="details"/> cut to <see cref="MaxDetailsBytes"/>, its message to <see cref="MaxMessageBytes"/>.</summary>
    public static Google.Rpc.Status Bound(Google.Rpc.Status details)
    {
        ArgumentNullException.ThrowIfNull(details);
        details.Message = CutMessage(details.Message);
        if (details.CalculateSize() <= MaxDetailsBytes)
        {
            return details;
        }

        var bounded = new Google.Rpc.Status { Code = details.Code, Message = details.Message };
        var budget = MaxDetailsBytes - bounded.CalculateSize() - 128;
        var omitted = 0;
        foreach (var any in details.Details)
        {
            if (!any.Is(BadRequest.Descriptor))
            {
                if (any.CalculateSize() <= budget)
                {
                    bounded.Details.Add(any);
                    budget -= any.CalculateSize() + 4;
                }

                continue;
            }

            var badRequest = new BadRequest();
            foreach (var violation in any.Unpack<BadRequest>().FieldViolations)
            {
                var kept = new BadRequest.Types.FieldViolation { Field = Cut(violation.Field, MaxFieldChars), Description = Cut(violation.Description, MaxDescriptionChars) };
                var size = kept.CalculateSize() + 4;
                if (size > budget)
                {
                    omitted++;
                    continue;
                }

                badRequest.FieldViolations.Add(kept);
                budget -= size;
            }

            if (omitted > 0)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = string.Empty,
                    Description = string.Create(CultureInfo.InvariantCulture, $"另有{omitted}项未列出"),
                });
            }

            bounded.Details.Add(Any.Pack(badRequest));
        }

        return bounded;
    }

    /// <summary>The message, cut at a character boundary to <see cref="MaxMessageBytes"/> UTF-8 bytes and ending with "…".</summary>
    public static string CutMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
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

    private static Metadata Without(Metadata trailers, string key)
    {
        var kept = new Metadata();
        foreach (var entry in trailers.Where(e => !string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)))
        {
            kept.Add(entry);
        }

        return kept;
    }

    private static string Cut(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[maxChars - 2]) ? maxChars - 2 : maxChars - 1;
        return string.Concat(text.AsSpan(0, length), "…");
    }
}
