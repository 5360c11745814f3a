using System.Diagnostics;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>
/// One deployment on the shared test servers for the bad-input and security tests, with one seed package already
/// submitted and reconciled so that read rpcs have something real to answer.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    internal Deployment Deployment { get; private set; } = null!;

    internal Acknowledged Seeded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Deployment = await Deployment.StartAsync(privateServers: false);
        var load = new Load(Deployment, "901");
        await load.SubmitAsync(1, 1);
        var outcome = await load.SettleAndCountAsync(TimeSpan.FromSeconds(60), Stopwatch.StartNew());
        Assert.Equal(0, outcome.Lost);
        Seeded = load.AcknowledgedSoFar.Single();
    }

    public async Task DisposeAsync()
    {
        if (Deployment is not null)
        {
            await Deployment.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
