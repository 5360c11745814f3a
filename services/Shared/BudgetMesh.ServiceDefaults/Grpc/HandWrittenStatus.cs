using Grpc.Core;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// While clients still call peers through the hand-written layer (services/Shared/BudgetMesh.Grpc), a peer's status
/// they rethrow arrives as its <c>GrpcStatusException</c>: this turns it into the same status on grpc-dotnet instead of
/// UNKNOWN. It goes with that layer.
/// </summary>
internal static class HandWrittenStatus
{
    public static RpcException? ToRpcException(Exception exception)
    {
        if (exception is not BudgetMesh.Grpc.GrpcStatusException status)
        {
            return null;
        }

        var code = (StatusCode)(int)status.StatusCode;
        if (status.Details is { } details)
        {
            var copy = details.Clone();
            copy.Code = (int)code;
            copy.Message = status.Detail;
            return StatusLimits.Bound(copy).ToRpcException();
        }

        return new RpcException(new global::Grpc.Core.Status(code, StatusLimits.CutMessage(status.Detail)));
    }
}
