using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// Who may call an rpc, declared on the method (or on the service class, for every rpc it serves). Every rpc must
/// declare one: <see cref="CallerPolicyInterceptor"/> refuses a call to an rpc that declares none, and
/// <see cref="GrpcServiceMapping.MapRpcService{TService}"/> refuses to start a service with such an rpc. The check
/// runs once per call, before the method, so methods never check keys themselves.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public abstract class CallerPolicyAttribute : Attribute
{
    /// <summary>
    /// Admits the call or throws the status the caller gets (UNAUTHENTICATED, PERMISSION_DENIED, ...).
    /// <paramref name="request"/> is the request message of a unary or server-streaming rpc, for a policy that
    /// depends on what is asked (e.g. whose submission); null for client and bidirectional streams.
    /// </summary>
    public abstract ValueTask AdmitAsync(ServerCallContext context, IMessage? request);
}

/// <summary>Anyone may call, with or without a key: public reference data, health and reflection.</summary>
public sealed class AnyCallerAttribute : CallerPolicyAttribute
{
    public override ValueTask AdmitAsync(ServerCallContext context, IMessage? request) => ValueTask.CompletedTask;
}
