using System.Buffers.Binary;
using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace BudgetMesh.Reliability.Tests.BadInput;

/// <summary>
/// Whether the request can be decoded at all. gRPC's own status table says a request the server cannot parse is
/// INTERNAL ("Error parsing request proto"), and the services' grpc-dotnet hosting answers so (MalformedRequestGuard);
/// a request that decodes but carries hostile content is the service's business and must get a deliberate status —
/// never INTERNAL or UNKNOWN.
/// </summary>
internal enum Decodability
{
    Undecodable,
    Decodable,
}

/// <summary>One generated request: where it goes, what it is, the bytes on the wire.</summary>
internal sealed record MalformedRequest(string Service, string Path, string Kind, Decodability Decodability, byte[] Body, string? Authorization);

/// <summary>
/// A seeded generator of malformed and hostile gRPC requests for every rpc of every service: the same seed gives
/// the same requests, so a failure can be replayed.
/// </summary>
internal sealed class MalformedRequests(int seed, IReadOnlyList<(string Service, MethodDescriptor Method)> methods, Func<string, Random, string?> authorization)
{
    /// <summary>Fragments a hostile submitter would put in a text field; every string field gets them.</summary>
    private static readonly string[] HostileText =
    [
        "'; DROP TABLE submissions; --",
        "1' OR '1'='1",
        "\" OR 1=1 --",
        "'); DELETE FROM intake.keys WHERE ('1'='1",
        "$1; SELECT pg_sleep(10)",
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg/onload=alert(document.cookie)>",
        "{{7*7}}${7*7}<%= 7*7 %>",
        "../../../../etc/passwd",
        "\u0000\u0001\u0002\u001b[31m",
        "\u202e\u202dRTL override",
        "2O1O1O1", "2010I0I", "20I", "3O1", "ABCDEFG", "１２３４５",
        "-1", "-99999999999999999999999.99", "99999999999999999999999999999999999.999", "1e400", "NaN", "-0", "12,345.67", "0x7fffffff",
        "😀🙈 𠀀𪛖",
        "bm_fake_" + new string('x', 43),
        "Bearer bm_",
    ];

    private static readonly long[] HostileIntegers = [-1, 0, 1, int.MinValue, int.MaxValue, long.MinValue, long.MaxValue, -100000000000, 999999999999999999];

    private readonly Random _random = new(seed);

    public static readonly string[] Kinds =
    [
        "random-bytes", "truncated-frame", "wrong-length", "oversized", "deep-nesting", "invalid-utf8", "compressed-flag", "garbage-payload",
        "hostile-text", "hostile-numbers", "huge-repeated", "hostile-everything", "empty", "unknown-method",
    ];

    public IEnumerable<MalformedRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (service, method) = methods[i % methods.Count];
            var kind = Kinds[_random.Next(Kinds.Length)];
            var path = $"/{method.Service.FullName}/{method.Name}";
            var auth = authorization(service, _random);
            yield return kind switch
            {
                "random-bytes" => new(service, path, kind, Decodability.Undecodable, Bytes(_random.Next(0, 200)), auth),
                "truncated-frame" => Truncated(service, path, method, auth),
                "wrong-length" => WrongLength(service, path, method, auth),
                "oversized" => Oversized(service, path, auth),
                "deep-nesting" => new(service, path, kind, Decodability.Undecodable, Grpc(DeepGroups(_random.Next(150, 5000))), auth),
                "invalid-utf8" => InvalidUtf8(service, path, method, auth),
                "compressed-flag" => new(service, path, kind, Decodability.Undecodable, Harness.RawGrpc.Frame(Fill(method.InputType, 0, FillMode.Text).ToByteArray(), flag: 1), auth),
                "garbage-payload" => new(service, path, kind, Decodability.Undecodable, Grpc(Garbage()), auth),
                "hostile-text" => Valid(service, path, kind, Fill(method.InputType, 0, FillMode.Text), auth),
                "hostile-numbers" => Valid(service, path, kind, Fill(method.InputType, 0, FillMode.Numbers), auth),
                "huge-repeated" => Valid(service, path, kind, Fill(method.InputType, 0, FillMode.HugeRepeated), auth),
                "hostile-everything" => Valid(service, path, kind, Fill(method.InputType, 0, FillMode.Everything), auth),
                "empty" => new(service, path, kind, Decodability.Decodable, Grpc([]), auth),
                "unknown-method" => new(service, $"/{method.Service.FullName}/{method.Name}Nope", kind, Decodability.Undecodable, Grpc([]), auth),
                _ => throw new InvalidOperationException(kind),
            };
        }
    }

    private static byte[] Grpc(byte[] payload) => Harness.RawGrpc.Frame(payload);

    private static MalformedRequest Valid(string service, string path, string kind, IMessage message, string? auth) =>
        new(service, path, kind, Decodability.Decodable, Grpc(message.ToByteArray()), auth);

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Garbage()
    {
        // Varint-looking runs and impossible wire types (6, 7) defeat the parser in different places.
        var bytes = Bytes(_random.Next(1, 300));
        bytes[0] = (byte)((_random.Next(1, 15) << 3) | _random.Next(6, 8));
        return bytes;
    }

    private MalformedRequest Truncated(string service, string path, MethodDescriptor method, string? auth)
    {
        var whole = Grpc(Fill(method.InputType, 0, FillMode.Text).ToByteArray());
        var cut = _random.Next(1, Math.Max(2, whole.Length - 1));
        return new(service, path, "truncated-frame", Decodability.Undecodable, whole[..cut], auth);
    }

    private MalformedRequest WrongLength(string service, string path, MethodDescriptor method, string? auth)
    {
        var payload = Fill(method.InputType, 0, FillMode.Text).ToByteArray();
        var declared = _random.Next(2) == 0 ? (uint)(payload.Length + _random.Next(1, 5000)) : (uint)_random.Next(0, Math.Max(1, payload.Length));
        return new(service, path, "wrong-length", Decodability.Undecodable, Harness.RawGrpc.Frame(payload, declaredLength: declared), auth);
    }

    private MalformedRequest Oversized(string service, string path, string? auth)
    {
        // Mostly a length prefix announcing more than the limit; now and then really more than the limit on the wire.
        if (_random.Next(20) == 0)
        {
            var big = new byte[5 * 1024 * 1024];
            return new(service, path, "oversized", Decodability.Undecodable, Harness.RawGrpc.Frame(big), auth);
        }

        var header = new byte[5 + 16];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)_random.NextInt64(16L * 1024 * 1024, uint.MaxValue));
        return new(service, path, "oversized", Decodability.Undecodable, header, auth);
    }

    private MalformedRequest InvalidUtf8(string service, string path, MethodDescriptor method, string? auth)
    {
        var field = method.InputType.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String);
        byte[] bad = [0x41, 0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80];
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        // No string field: put the bytes in a field number this message does not have; the request then decodes.
        writer.WriteTag(field?.FieldNumber ?? 1000, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(bad));
        writer.Flush();
        return new(service, path, "invalid-utf8", field is null ? Decodability.Decodable : Decodability.Undecodable, Grpc(output.ToArray()), auth);
    }

    private static byte[] DeepGroups(int depth)
    {
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        for (var i = 0; i < depth; i++)
        {
            writer.WriteTag(999, WireFormat.WireType.StartGroup);
        }

        for (var i = 0; i < depth; i++)
        {
            writer.WriteTag(999, WireFormat.WireType.EndGroup);
        }

        writer.Flush();
        return output.ToArray();
    }

    private enum FillMode
    {
        Text,
        Numbers,
        HugeRepeated,
        Everything,
    }

    /// <summary>A message of <paramref name="type"/> with every field set to something hostile, message fields recursively.</summary>
    private IMessage Fill(MessageDescriptor type, int depth, FillMode mode)
    {
        var message = (IMessage)System.Activator.CreateInstance(type.ClrType)!;
        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return new Timestamp { Seconds = HostileIntegers[_random.Next(HostileIntegers.Length)], Nanos = _random.Next(int.MinValue, int.MaxValue) };
        }

        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                var count = mode == FillMode.HugeRepeated ? (field.FieldType == FieldType.Message ? 2000 : 50000) : _random.Next(0, 4);
                if (mode == FillMode.HugeRepeated && depth > 0)
                {
                    // Huge at the top only: nested huge lists would multiply into gigabytes on the sending side.
                    count = _random.Next(0, 3);
                }

                for (var i = 0; i < count; i++)
                {
                    if (Value(field, depth, mode) is { } item)
                    {
                        list.Add(item);
                    }
                }

                continue;
            }

            if (field.RealContainingOneof is not null && _random.Next(2) == 0)
            {
                continue;
            }

            if (Value(field, depth, mode) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    private object? Value(FieldDescriptor field, int depth, FillMode mode)
    {
        var numbers = mode is FillMode.Numbers or FillMode.Everything;
        var text = mode is FillMode.Text or FillMode.Everything or FillMode.HugeRepeated;
        var integer = numbers ? HostileIntegers[_random.Next(HostileIntegers.Length)] : _random.Next(2020, 2030);
        return field.FieldType switch
        {
            FieldType.String => text ? Text(allowLong: depth <= 1 && mode != FillMode.HugeRepeated) : "500107",
            FieldType.Bytes => ByteString.CopyFrom(Bytes(_random.Next(0, 64))),
            FieldType.Bool => _random.Next(2) == 0,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => unchecked((int)integer),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => integer,
            FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)integer),
            FieldType.UInt64 or FieldType.Fixed64 => unchecked((ulong)integer),
            FieldType.Double => numbers ? new[] { double.NaN, double.PositiveInfinity, -1e308, double.Epsilon }[_random.Next(4)] : 1.5,
            FieldType.Float => numbers ? new[] { float.NaN, float.NegativeInfinity, -3e38f }[_random.Next(3)] : 1.5f,
            FieldType.Enum => System.Enum.ToObject(field.EnumType.ClrType, numbers ? _random.Next(-5, 1000) : field.EnumType.Values[_random.Next(field.EnumType.Values.Count)].Number),
            FieldType.Message => depth < 4 ? Fill(field.MessageType, depth + 1, mode) : null,
            _ => null,
        };
    }

    private string Text(bool allowLong)
    {
        var pick = _random.Next(HostileText.Length + (allowLong ? 3 : 0));
        if (pick < HostileText.Length)
        {
            return HostileText[pick];
        }

        // Long text: past every column width and narrative limit, still inside the message-size limit.
        var builder = new StringBuilder();
        var length = _random.Next(1000, 100_000);
        while (builder.Length < length)
        {
            builder.Append(HostileText[_random.Next(HostileText.Length)]).Append("部门预算公开");
        }

        return builder.ToString();
    }
}
