using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>Deliberate non-OK statuses, with field violations carried as <c>google.rpc.Status</c> details.</summary>
public static class RpcErrors
{
    /// <summary>A status with a message and nothing else.</summary>
    public static RpcException Status(StatusCode code, string? detail) => new(new global::Grpc.Core.Status(code, StatusLimits.CutMessage(detail ?? string.Empty)));

    /// <summary>INVALID_ARGUMENT with one <see cref="BadRequest.Types.FieldViolation"/> per (field, description).</summary>
    public static RpcException InvalidArgument(string detail, params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return WithDetails(StatusCode.InvalidArgument, detail, badRequest);
    }

    /// <summary>A status carrying typed details (e.g. <see cref="BadRequest"/>) in <c>grpc-status-details-bin</c>.</summary>
    public static RpcException WithDetails(StatusCode code, string detail, params Google.Protobuf.IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = detail };
        status.Details.AddRange(details.Select(Any.Pack));
        return StatusLimits.Bound(status).ToRpcException();
    }
}
