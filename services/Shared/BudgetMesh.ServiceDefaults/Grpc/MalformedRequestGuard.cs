using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>
/// Binds every gRPC service the way grpc-dotnet's own provider does (from the generated <c>BindService</c>, the
/// implementing method's attributes as endpoint metadata), with one difference: a request that cannot be decoded is
/// answered INVALID_ARGUMENT. grpc-dotnet decodes the request before any interceptor runs and answers a decoder
/// failure UNKNOWN ("Exception was thrown by handler"), which tells the caller nothing and reads as a server fault.
/// Registered in place of grpc-dotnet's <c>BinderServiceMethodProvider</c> by <see cref="GrpcHostingExtensions.AddGrpcServer"/>.
/// </summary>
internal sealed class MalformedRequestGuard<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (FindBindMethod(typeof(TService)) is { } bind)
        {
            bind.Invoke(null, [new Binder(context), null]);
        }
    }

    private static MethodInfo? FindBindMethod(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                    .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [var binder, _]
                        && binder.ParameterType == typeof(ServiceBinderBase));
            }
        }

        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (Bind<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]) is var (invoker, metadata))
            {
                context.AddUnaryMethod(Guarded(method), metadata, invoker);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (Bind<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                    [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]) is var (invoker, metadata))
            {
                context.AddServerStreamingMethod(Guarded(method), metadata, invoker);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (Bind<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                    [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]) is var (invoker, metadata))
            {
                context.AddClientStreamingMethod(Guarded(method), metadata, invoker);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (Bind<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                    [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]) is var (invoker, metadata))
            {
                context.AddDuplexStreamingMethod(Guarded(method), metadata, invoker);
            }
        }

        // As grpc-dotnet does: the class's attributes first, the method's last (higher priority), and POST only.
        private static (TDelegate Invoker, List<object> Metadata)? Bind<TDelegate>(string name, Type[] parameters)
            where TDelegate : Delegate
        {
            var implementation = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (implementation is null)
            {
                return null;
            }

            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(implementation.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation), metadata);
        }
    }

    private static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var marshaller = method.RequestMarshaller;
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name,
            Marshallers.Create(marshaller.ContextualSerializer, context => Decode(marshaller, context)), method.ResponseMarshaller);
    }

    private static T Decode<T>(Marshaller<T> marshaller, DeserializationContext context)
    {
        try
        {
            return marshaller.ContextualDeserializer(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only the request's bytes are read here: whatever fails is the request, not the service.
            throw new RpcException(new Status(StatusCode.InvalidArgument, "请求消息无法解码"));
        }
    }
}
