using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing.Topology;

namespace BudgetMesh.Reliability.Tests.Faults.Replicas;

/// <summary>
/// The replica topology (tests/BudgetMesh.Testing/Topology: two replicas of every service, a three-node RabbitMQ
/// cluster with quorum queues, PostgreSQL primary and streaming standby) for the full chaos run only: in `make test`
/// its scenarios are skipped (FullRunFact) and nothing is started.
/// </summary>
public class ReplicaTopologyFixture : IAsyncLifetime
{
    private ReplicaTopology? _topology;

    internal ReplicaTopology Topology => _topology ?? throw new InvalidOperationException("The replica topology runs in the full chaos run only (BUDGETMESH_CHAOS=full).");

    public virtual async Task InitializeAsync()
    {
        if (FullRunFactAttribute.Runs)
        {
            _topology = await ReplicaTopology.StartAsync(new TopologyOptions());
        }
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicaFaultCollection : ICollectionFixture<ReplicaTopologyFixture>
{
    public const string Name = "replica faults";
}

/// <summary>A topology of its own for the failover: after it the standby is the primary and there is no standby.</summary>
public sealed class FailoverTopologyFixture : ReplicaTopologyFixture;

[CollectionDefinition(Name)]
public sealed class FailoverCollection : ICollectionFixture<FailoverTopologyFixture>
{
    public const string Name = "replica failover";
}
