using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Contracts.Budget.V1;

/// <summary>
/// The identity of a package's content, as every event and receipt carries it: sha256 hex of the package's
/// canonical protobuf bytes. Canonical = fields in number order (what Google.Protobuf writes; the package has
/// no maps) and no unknown fields, so a client built against a newer contract does not make "new content" out
/// of fields the services cannot even see. Intake computes it on submission; Publication recomputes it on the
/// bytes it is about to publish.
/// </summary>
public sealed partial class BudgetPackage
{
    // A property, not a field: the generated half of this partial class sets Parser in its own static initializer,
    // and the order of static initializers across partial files is not defined.
    private static MessageParser<BudgetPackage> CanonicalParser => Parser.WithDiscardUnknownFields(true);

    /// <summary>The canonical bytes the content hash is computed over.</summary>
    public byte[] ToCanonicalBytes() => Canonical(this.ToByteArray());

    /// <summary>sha256 hex (lower case) of <see cref="ToCanonicalBytes"/>.</summary>
    public string ComputeContentHash() => ComputeContentHash(this.ToByteArray());

    /// <summary>
    /// The same hash from bytes this library wrote (<c>package.ToByteArray()</c>), for a caller that needs those bytes
    /// anyway: the package is serialised once instead of twice.
    /// </summary>
    public static string ComputeContentHash(byte[] serialized) => Convert.ToHexStringLower(SHA256.HashData(Canonical(serialized)));

    /// <summary>
    /// Bytes Google.Protobuf wrote are canonical unless the message carried unknown fields, which it writes back as
    /// they came. Finding out by walking the wire format against the descriptor costs a fraction of parsing the
    /// package again (no strings decoded, nothing allocated); only a package that has unknown fields is re-parsed
    /// without them.
    /// </summary>
    private static byte[] Canonical(byte[] serialized) =>
        WireSkim.OnlyKnownFields(serialized, Descriptor) ? serialized : CanonicalParser.ParseFrom(serialized).ToByteArray();
}

/// <summary>
/// Reads protobuf wire format against a message descriptor without building the message, to answer one question:
/// is every field one the descriptor knows, with the wire type it expects? Anything it cannot vouch for (an unknown
/// number, an unexpected wire type, a group, malformed input) answers no, and the caller takes the slow, exact path.
/// </summary>
internal static class WireSkim
{
    public static bool OnlyKnownFields(ReadOnlySpan<byte> data, MessageDescriptor descriptor)
    {
        while (!data.IsEmpty)
        {
            if (!TryReadVarint(ref data, out var tag) || tag > uint.MaxValue)
            {
                return false;
            }

            var wireType = (WireFormat.WireType)(tag & 7);
            var field = descriptor.FindFieldByNumber((int)(tag >> 3));
            if (field is null || !Expected(field, wireType))
            {
                return false;
            }

            switch (wireType)
            {
                case WireFormat.WireType.Varint:
                    if (!TryReadVarint(ref data, out _))
                    {
                        return false;
                    }

                    break;
                case WireFormat.WireType.Fixed64:
                    if (!TrySkip(ref data, 8))
                    {
                        return false;
                    }

                    break;
                case WireFormat.WireType.Fixed32:
                    if (!TrySkip(ref data, 4))
                    {
                        return false;
                    }

                    break;
                case WireFormat.WireType.LengthDelimited:
                    if (!TryReadVarint(ref data, out var length) || length > (ulong)data.Length)
                    {
                        return false;
                    }

                    var payload = data[..(int)length];
                    data = data[(int)length..];
                    if (field.FieldType == FieldType.Message && !OnlyKnownFields(payload, field.MessageType))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>The wire type Google.Protobuf parses into the field itself; any other lands among the unknown fields.</summary>
    private static bool Expected(FieldDescriptor field, WireFormat.WireType wireType)
    {
        var natural = field.FieldType switch
        {
            FieldType.Message or FieldType.String or FieldType.Bytes => WireFormat.WireType.LengthDelimited,
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireFormat.WireType.Fixed64,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireFormat.WireType.Fixed32,
            FieldType.Group => WireFormat.WireType.StartGroup,
            _ => WireFormat.WireType.Varint,
        };
        var packed = field.IsRepeated && natural is not WireFormat.WireType.LengthDelimited and not WireFormat.WireType.StartGroup
            && wireType == WireFormat.WireType.LengthDelimited;
        return wireType == natural || packed;
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 10 && i < data.Length; i++)
        {
            value |= (ulong)(data[i] & 0x7F) << (7 * i);
            if (data[i] < 0x80)
            {
                data = data[(i + 1)..];
                return true;
            }
        }

        return false;
    }

    private static bool TrySkip(ref ReadOnlySpan<byte> data, int count)
    {
        if (data.Length < count)
        {
            return false;
        }

        data = data[count..];
        return true;
    }
}
