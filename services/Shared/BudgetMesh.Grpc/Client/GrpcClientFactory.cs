using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BudgetMesh.Grpc;

/// <summary>Named client endpoints registered with <c>AddGrpcClient</c>.</summary>
public interface IGrpcClientFactory
{
    /// <summary>The one client (and connection pool) of a named endpoint.</summary>
    GrpcClient GetClient(string name);
}

internal sealed class GrpcClientFactory(IOptionsMonitor<GrpcClientOptions> options) : IGrpcClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcClient>> _clients = new(StringComparer.Ordinal);

    public GrpcClient GetClient(string name) =>
        _clients.GetOrAdd(name, n => new Lazy<GrpcClient>(() => new GrpcClient(options.Get(n)))).Value;

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
