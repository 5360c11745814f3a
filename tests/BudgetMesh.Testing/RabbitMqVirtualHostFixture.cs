using Xunit;

namespace BudgetMesh.Testing;

/// <summary>
/// A fresh virtual host on the shared RabbitMQ node for one test class (use as
/// <c>IClassFixture&lt;RabbitMqVirtualHostFixture&gt;</c>); deleted with its queues when the class is done.
/// </summary>
public sealed class RabbitMqVirtualHostFixture : IAsyncLifetime
{
    private RabbitMqServer? server;
    private string? virtualHost;

    public RabbitMqServer Server => server ?? throw NotInitialized();

    public string Host => Server.Host;

    public int Port => Server.Port;

    public string Username => Server.Username;

    public string Password => Server.Password;

    public string VirtualHost => virtualHost ?? throw NotInitialized();

    /// <summary>amqp://user:password@host:port/vhost, ready for ConnectionFactory.Uri or MassTransit.</summary>
    public Uri AmqpUri => Server.AmqpUriFor(VirtualHost);

    public async Task InitializeAsync()
    {
        server = await RabbitMqServer.GetSharedAsync();
        virtualHost = await server.CreateVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null && virtualHost is not null)
        {
            await server.DeleteVirtualHostAsync(virtualHost);
        }
    }

    private static InvalidOperationException NotInitialized() =>
        new("The fixture is not initialized: use it through IClassFixture<RabbitMqVirtualHostFixture> or call InitializeAsync first.");
}
