using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace BudgetMesh.Grpc.Protocol;

/// <summary>
/// Keeps <c>grpc-status-details-bin</c> within a size every HTTP/2 peer accepts in a trailer. Field violations
/// quote the input they reject, and a hostile or huge request could otherwise produce a trailer large enough to
/// break the connection instead of delivering the status; past the limit the details say how many were left out.
/// </summary>
internal static class StatusDetailsLimit
{
    /// <summary>Largest serialized <c>google.rpc.Status</c> sent (base64 adds a third: about 21 KiB on the wire).</summary>
    public const int MaxBytes = 16 * 1024;

    private const int MaxFieldChars = 256;
    private const int MaxDescriptionChars = 512;

    public static Google.Rpc.Status Bound(Google.Rpc.Status details)
    {
        if (details.CalculateSize() <= MaxBytes)
        {
            return details;
        }

        var bounded = new Google.Rpc.Status { Code = details.Code, Message = Cut(details.Message, GrpcProtocol.MaxMessageBytes) };
        var budget = MaxBytes - bounded.CalculateSize() - 128;
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
                    Description = string.Create(CultureInfo.InvariantCulture, $"另有{omitted}项未列出 / {omitted} more violations not listed"),
                });
            }

            bounded.Details.Add(Any.Pack(badRequest));
        }

        return bounded;
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
