using System.Security.Cryptography;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Intake.Submission;

/// <summary>
/// The identity of a package's content: sha256 of its canonical protobuf bytes. Canonical = fields in number
/// order (what Google.Protobuf writes; the package has no maps) and no unknown fields, so a client built
/// against a newer contract does not make "new content" out of fields Intake cannot even see.
/// </summary>
internal static class ContentHash
{
    private static readonly MessageParser<BudgetPackage> CanonicalParser = BudgetPackage.Parser.WithDiscardUnknownFields(true);

    public static byte[] CanonicalBytes(BudgetPackage package) => CanonicalParser.ParseFrom(package.ToByteArray()).ToByteArray();

    public static string Of(BudgetPackage package) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(package)));
}
