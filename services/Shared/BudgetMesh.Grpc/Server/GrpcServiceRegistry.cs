using Google.Protobuf.Reflection;

namespace BudgetMesh.Grpc.Server;

/// <summary>The services mapped on this server: the source for reflection, health and UNIMPLEMENTED messages.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly List<ServiceDescriptor> _services = [];
    private readonly Lock _gate = new();

    public bool StandardServicesMapped { get; set; }

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_gate)
            {
                return [.. _services];
            }
        }
    }

    public void Add(ServiceDescriptor service)
    {
        lock (_gate)
        {
            if (_services.Any(s => s.FullName == service.FullName))
            {
                throw new InvalidOperationException($"gRPC service {service.FullName} is mapped twice.");
            }
            _services.Add(service);
        }
    }

    public bool Contains(string serviceName)
    {
        lock (_gate)
        {
            return _services.Any(s => s.FullName == serviceName);
        }
    }
}
