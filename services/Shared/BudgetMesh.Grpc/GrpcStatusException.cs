using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace BudgetMesh.Grpc;

/// <summary>
/// A non-OK gRPC status. Clients receive it for every failed call; handlers throw it to end a call with a
/// deliberate status. <see cref="Details"/> travels as <c>google.rpc.Status</c> in <c>grpc-status-details-bin</c>.
/// </summary>
public sealed class GrpcStatusException : Exception
{
    internal const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>Creates a status; <paramref name="trailers"/> are sent (server) or were received (client).</summary>
    public GrpcStatusException(StatusCode statusCode, string? detail = null, Metadata? trailers = null, Exception? innerException = null)
        : base(FormatMessage(statusCode, detail), innerException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        Trailers = trailers ?? [];
    }

    /// <summary>Creates a status carrying typed details, e.g. <see cref="BadRequest"/>.</summary>
    public GrpcStatusException(StatusCode statusCode, string detail, IEnumerable<IMessage> details)
        : this(statusCode, detail)
    {
        var status = new Google.Rpc.Status { Code = (int)statusCode, Message = detail };
        status.Details.AddRange(details.Select(Any.Pack));
        Details = status;
    }

    /// <summary>The status code.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The status message (<c>grpc-message</c>).</summary>
    public string Detail { get; }

    /// <summary>Trailing metadata.</summary>
    public Metadata Trailers { get; }

    /// <summary>Rich error details; on the client, parsed from <c>grpc-status-details-bin</c> when present.</summary>
    public Google.Rpc.Status? Details { get; private init; }

    /// <summary>INVALID_ARGUMENT with one <see cref="BadRequest.Types.FieldViolation"/> per (field, description).</summary>
    public static GrpcStatusException InvalidArgument(string detail, params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return new GrpcStatusException(StatusCode.InvalidArgument, detail, [badRequest]);
    }

    /// <summary>The field violations of a <see cref="BadRequest"/> detail, or none.</summary>
    public IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations =>
        Details?.Details.Where(a => a.Is(BadRequest.Descriptor)).SelectMany(a => a.Unpack<BadRequest>().FieldViolations).ToList() ?? [];

    internal static GrpcStatusException FromWire(StatusCode code, string detail, Metadata trailers)
    {
        Google.Rpc.Status? details = null;
        if (trailers.GetValueBytes(StatusDetailsTrailer) is { } bytes)
        {
            try
            {
                details = Google.Rpc.Status.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                // A peer's malformed details must not hide the status itself.
            }
        }
        return new GrpcStatusException(code, detail, trailers) { Details = details };
    }

    private static string FormatMessage(StatusCode code, string? detail) =>
        string.IsNullOrEmpty(detail) ? $"Status({code})" : $"Status({code}, \"{detail}\")";
}
