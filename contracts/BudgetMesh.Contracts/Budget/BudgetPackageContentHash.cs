using System.Security.Cryptography;
using Google.Protobuf;

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
    public byte[] ToCanonicalBytes() => CanonicalParser.ParseFrom(this.ToByteArray()).ToByteArray();

    /// <summary>sha256 hex (lower case) of <see cref="ToCanonicalBytes"/>.</summary>
    public string ComputeContentHash() => Convert.ToHexStringLower(SHA256.HashData(ToCanonicalBytes()));

    /// <summary>
    /// The same hash from bytes this library wrote (<c>package.ToByteArray()</c>), for a caller that needs those bytes
    /// anyway: the package is serialised once instead of twice. Dropping unknown fields can only shorten the bytes, so
    /// when the canonical form is as long as the input the two are identical and the input itself is hashed.
    /// </summary>
    public static string ComputeContentHash(byte[] serialized)
    {
        var canonical = CanonicalParser.ParseFrom(serialized);
        var bytes = canonical.CalculateSize() == serialized.Length ? serialized : canonical.ToByteArray();
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
