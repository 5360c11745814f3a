using System.Security.Cryptography;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Publication.Approval;

/// <summary>
/// The same content identity Intake computes (services/Intake/.../Submission/ContentHash.cs): sha256 hex of the
/// package's canonical protobuf bytes (fields in number order, unknown fields dropped). Recomputed here so the
/// gate checks the bytes it will publish, not a hash someone told it.
/// </summary>
internal static class ContentHash
{
    private static readonly MessageParser<BudgetPackage> CanonicalParser = BudgetPackage.Parser.WithDiscardUnknownFields(true);

    public static byte[] CanonicalBytes(BudgetPackage package) => CanonicalParser.ParseFrom(package.ToByteArray()).ToByteArray();

    public static string Of(BudgetPackage package) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(package)));
}
