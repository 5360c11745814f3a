using System.Reflection;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Grpc.Server;

/// <summary>
/// Binds the rpcs of a protoc <see cref="ServiceDescriptor"/> to same-named public methods of a plain class,
/// once at startup. The expected shapes mirror grpc-dotnet, with request streams as <see cref="IAsyncEnumerable{T}"/>.
/// </summary>
internal static class ServiceBinder
{
    /// <summary>One invoker per rpc; null for an rpc the class does not implement (answered UNIMPLEMENTED).</summary>
    public static IReadOnlyList<(MethodDescriptor Method, MethodInvoker? Invoker)> Bind(Type serviceType, ServiceDescriptor service) =>
        service.Methods.Select(m => (m, Bind(serviceType, m))).ToList();

    private static MethodInvoker? Bind(Type serviceType, MethodDescriptor method)
    {
        var candidates = serviceType.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == method.Name).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }
        var request = method.InputType.ClrType;
        var response = method.OutputType.ClrType;
        var (expected, invokerType, delegateType) = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => (
                new[] { request, typeof(ServerCallContext) }, typeof(UnaryInvoker<,,>),
                typeof(Func<,,,>).MakeGenericType(serviceType, request, typeof(ServerCallContext), typeof(Task<>).MakeGenericType(response))),
            (false, true) => (
                new[] { request, typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext) }, typeof(ServerStreamingInvoker<,,>),
                typeof(Func<,,,,>).MakeGenericType(serviceType, request, typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext), typeof(Task))),
            (true, false) => (
                new[] { typeof(IAsyncEnumerable<>).MakeGenericType(request), typeof(ServerCallContext) }, typeof(ClientStreamingInvoker<,,>),
                typeof(Func<,,,>).MakeGenericType(serviceType, typeof(IAsyncEnumerable<>).MakeGenericType(request), typeof(ServerCallContext), typeof(Task<>).MakeGenericType(response))),
            (true, true) => (
                new[] { typeof(IAsyncEnumerable<>).MakeGenericType(request), typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext) }, typeof(DuplexStreamingInvoker<,,>),
                typeof(Func<,,,,>).MakeGenericType(serviceType, typeof(IAsyncEnumerable<>).MakeGenericType(request), typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext), typeof(Task))),
        };
        var returnType = method.IsServerStreaming ? typeof(Task) : typeof(Task<>).MakeGenericType(response);
        var match = candidates.FirstOrDefault(m =>
            m.ReturnType == returnType && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(expected));
        if (match is null)
        {
            // A same-named method with the wrong shape is a programming error: fail at startup, not per call.
            throw new InvalidOperationException(
                $"{serviceType.Name}.{method.Name} must be 'public {Describe(returnType)} {method.Name}({string.Join(", ", expected.Select(Describe))})' " +
                $"to implement rpc {method.FullName}.");
        }
        var handler = match.CreateDelegate(delegateType);
        return (MethodInvoker)Activator.CreateInstance(
            invokerType.MakeGenericType(serviceType, request, response), handler, method.InputType.Parser)!;
    }

    private static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;
}
