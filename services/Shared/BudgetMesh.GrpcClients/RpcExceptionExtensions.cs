using Google.Rpc;
using Grpc.Core;

namespace BudgetMesh.GrpcClients;

/// <summary>What a failed call says beyond its code and message.</summary>
public static class RpcExceptionExtensions
{
    /// <summary>
    /// The field violations of the <see cref="BadRequest"/> details the server attached (google.rpc.Status in
    /// grpc-status-details-bin), or none; details a peer sent malformed never hide the status itself.
    /// </summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Google.Rpc.Status? status;
        try
        {
            status = exception.GetRpcStatus();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return [];
        }
        return status?.Details.Where(d => d.Is(BadRequest.Descriptor)).SelectMany(d => d.Unpack<BadRequest>().FieldViolations).ToList() ?? [];
    }
}
