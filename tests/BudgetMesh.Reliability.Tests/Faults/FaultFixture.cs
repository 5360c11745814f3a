using BudgetMesh.Reliability.Tests.Harness;

namespace BudgetMesh.Reliability.Tests.Faults;

/// <summary>A deployment on PostgreSQL and RabbitMQ of its own: the fault tests kill them.</summary>
public sealed class FaultFixture : IAsyncLifetime
{
    internal Deployment Deployment { get; private set; } = null!;

    public async Task InitializeAsync() => Deployment = await Deployment.StartAsync(privateServers: true);

    public async Task DisposeAsync()
    {
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultFixture>
{
    public const string Name = "faults";
}
