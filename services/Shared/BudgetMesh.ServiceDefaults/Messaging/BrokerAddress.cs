using MassTransit;
using RabbitMQ.Client;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// The broker a service connects to: one AMQP URI, or the nodes of a RabbitMQ cluster as comma-separated AMQP URIs of
/// one user and virtual host (<c>BUDGETMESH_RABBITMQ=amqp://u:p@10.0.0.1:5672/bm,amqp://u:p@10.0.0.2:5672/bm</c>).
/// Every connection (the bus, the outbox's, the heartbeat's) tries the nodes in turn, so a node that is down is
/// passed over; queues are quorum queues, replicated across the nodes.
/// </summary>
public sealed class BrokerAddress
{
    private BrokerAddress(IReadOnlyList<Uri> nodes) => Nodes = nodes;

    /// <summary>Every node, the first one first; credentials and virtual host are the first URI's.</summary>
    public IReadOnlyList<Uri> Nodes { get; }

    /// <summary>The first node's URI, with the credentials and virtual host.</summary>
    public Uri First => Nodes[0];

    /// <summary>Reads the setting; the exception names <paramref name="variable"/> and the reason.</summary>
    public static BrokerAddress Parse(string raw, string variable)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var nodes = new List<Uri>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                throw new InvalidOperationException($"{variable}: '{part}' is not an amqp:// or amqps:// URI (comma-separated for the nodes of a cluster).");
            }

            if (nodes.Count > 0 && (uri.Scheme != nodes[0].Scheme || uri.UserInfo != nodes[0].UserInfo || uri.AbsolutePath != nodes[0].AbsolutePath))
            {
                throw new InvalidOperationException($"{variable}: the nodes of one cluster share scheme, user and virtual host ('{Redacted(nodes[0])}', '{Redacted(uri)}').");
            }

            nodes.Add(uri);
        }

        return new BrokerAddress(nodes);
    }

    /// <summary>MassTransit's host: the first node, and all of them as the cluster it fails over across.</summary>
    public void ConfigureHost(IRabbitMqBusFactoryConfigurator rabbit)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        if (Nodes.Count == 1)
        {
            rabbit.Host(First);
            return;
        }

        rabbit.Host(First, host => host.UseCluster(cluster =>
        {
            foreach (var node in Nodes)
            {
                cluster.Node($"{node.Host}:{Port(node)}");
            }
        }));
    }

    /// <summary>For RabbitMQ.Client: the factory's credentials and virtual host come from <see cref="First"/>; connect to these in turn.</summary>
    public IList<AmqpTcpEndpoint> Endpoints() =>
        [.. Nodes.Select(node => new AmqpTcpEndpoint(node.Host, Port(node), node.Scheme == "amqps" ? new SslOption(node.Host, enabled: true) : new SslOption()))];

    /// <summary>The nodes without credentials, for logs.</summary>
    public override string ToString() => string.Join(',', Nodes.Select(Redacted));

    private static int Port(Uri node) => node.IsDefaultPort || node.Port <= 0 ? (node.Scheme == "amqps" ? 5671 : 5672) : node.Port;

    private static string Redacted(Uri uri) => $"{uri.Scheme}://{uri.Host}:{Port(uri)}{uri.AbsolutePath}";
}
