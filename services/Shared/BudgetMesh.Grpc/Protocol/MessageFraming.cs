using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace BudgetMesh.Grpc.Protocol;

/// <summary>
/// Length-Prefixed-Message framing: a compressed flag byte, a 4-byte big-endian length, then the message.
/// Every malformed input becomes a <see cref="GrpcStatusException"/>, never another exception type.
/// </summary>
internal static class MessageFraming
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Reads one message and parses it; returns false at a clean end of stream (no bytes of a next frame).
    /// </summary>
    public static async ValueTask<(bool Read, T? Message, bool Compressed)> ReadMessageAsync<T>(
        Stream stream, MessageParser parser, string? encoding, int maxSize, CancellationToken cancellationToken)
        where T : class
    {
        var header = new byte[HeaderSize];
        var headerRead = await ReadAtLeastAsync(stream, header, cancellationToken);
        if (headerRead == 0)
        {
            return (false, null, false);
        }
        if (headerRead < HeaderSize)
        {
            throw new GrpcStatusException(StatusCode.Internal, "Incomplete message: the stream ended inside a message header.");
        }
        var flag = header[0];
        if (flag > 1)
        {
            throw new GrpcStatusException(StatusCode.Internal, $"Invalid compressed flag {flag} in a message header.");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > (uint)maxSize)
        {
            throw new GrpcStatusException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxSize}).");
        }
        var compressed = flag == 1;
        if (compressed && !string.Equals(encoding, GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase))
        {
            throw new GrpcStatusException(StatusCode.Internal, $"A compressed message arrived with grpc-encoding '{encoding ?? "identity"}'.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = await ReadAtLeastAsync(stream, buffer.AsMemory(0, (int)length), cancellationToken);
            if (read < length)
            {
                throw new GrpcStatusException(StatusCode.Internal, $"Incomplete message: expected {length} bytes, the stream ended after {read}.");
            }
            var payload = new ReadOnlyMemory<byte>(buffer, 0, (int)length);
            if (compressed)
            {
                payload = Decompress(payload, maxSize);
            }
            try
            {
                return (true, (T)parser.ParseFrom(payload.Span), compressed);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new GrpcStatusException(StatusCode.Internal, "Failed to deserialize the message.", innerException: ex);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Serializes a message into one frame, gzip-compressed when asked.</summary>
    public static byte[] Frame(IMessage message, bool compress)
    {
        var payload = message.ToByteArray();
        if (compress)
        {
            payload = Compress(payload);
        }
        var frame = new byte[HeaderSize + payload.Length];
        frame[0] = compress ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, HeaderSize);
        return frame;
    }

    private static byte[] Compress(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }
        return output.ToArray();
    }

    private static byte[] Decompress(ReadOnlyMemory<byte> payload, int maxSize)
    {
        try
        {
            using var input = new MemoryStream(payload.ToArray());
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = gzip.Read(chunk)) > 0)
            {
                if (output.Length + n > maxSize)
                {
                    throw new GrpcStatusException(StatusCode.ResourceExhausted, $"Received message larger than max when decompressed (max {maxSize}).");
                }
                output.Write(chunk, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new GrpcStatusException(StatusCode.Internal, "Failed to decompress the message.", innerException: ex);
        }
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
