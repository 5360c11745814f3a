using System.Net;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Testing;
using BudgetMesh.Testing.Topology;

namespace BudgetMesh.Reliability.Tests.Topology;

/// <summary>
/// The replica topology the fault scenarios run on (issue 22): two replicas of every service, a three-node RabbitMQ
/// cluster, PostgreSQL with a streaming standby. It starts, every replica serves, and a package goes all the way.
/// </summary>
public sealed class ReplicaTopologyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_replicas_of_every_service_on_a_broker_cluster_and_a_database_pair_take_a_package_to_the_website()
    {
        await using var topology = await ReplicaTopology.StartAsync();

        Assert.Equal(ServiceBinaries.Services.Order(StringComparer.Ordinal), topology.Replicas.Keys.Order(StringComparer.Ordinal));
        Assert.All(topology.Replicas.Values, replicas => Assert.Equal(2, replicas.Count));
        Assert.Equal(3, (await topology.Broker.RunningNodesAsync()).Count);
        Assert.True(await topology.Standby!.IsStandbyAsync());
        foreach (var replica in topology.AllReplicas.Where(r => !r.Name.StartsWith("Console", StringComparison.Ordinal)))
        {
            Assert.True(await replica.IsServingAsync(), $"{replica.Name} does not say SERVING:\n{replica.LogTail()}");
        }

        var package = Seeds.Load(Seeds.Jiulongpo2025);
        var receipt = await topology.SubmitAsync(package);
        Assert.Equal(SubmissionStatus.ReconciledWarnings, await topology.WaitForStatusAsync(receipt.SubmissionId, IsReconciled, Patience));
        await topology.ApproveAsync(receipt);
        var publication = await topology.WaitUntilPublishedAsync(receipt.SubmissionId, Patience);
        await topology.WaitForStatusAsync(receipt.SubmissionId, s => s == SubmissionStatus.Published, Patience);

        using var http = new HttpClient { BaseAddress = topology.Website.BaseUrl };
        using var page = await http.GetAsync(publication.Path.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // Pushed once, whichever replica took the approval and though both publishers poll: one recorded push, and
        // the website itself saw the page written once.
        await using var db = await topology.OpenDatabaseAsync();
        Assert.Equal(1L, await ScalarAsync(db, "SELECT count(*) FROM publication.publication_history WHERE submission_id = $1 AND action = 'published'", Guid.Parse(receipt.SubmissionId)));
        var puts = File.ReadLines(Path.Combine(topology.Website.Directory, "access.log")).Count(line => line.Contains($"\"PUT /dav{publication.Path} ", StringComparison.Ordinal));
        Assert.Equal(1, puts);

        // Every queue the services declared is replicated, their error queues included: a classic queue lives on one
        // node, and while that node is down the endpoints that declare it cannot start again.
        var queues = await topology.Broker.QueuesAsync(topology.VirtualHost);
        Assert.Contains(queues, q => q.Name == "publication-disclosure-approved_error");
        Assert.All(queues.Where(q => !q.Name.Contains("_bus_", StringComparison.Ordinal)), q => Assert.True(q.Type == "quorum", $"{q.Name} is a {q.Type} queue"));
    }

    private static bool IsReconciled(SubmissionStatus status) =>
        status is SubmissionStatus.ReconciledClean or SubmissionStatus.ReconciledWarnings or SubmissionStatus.ReconciledErrors;

    private static async Task<long> ScalarAsync(Npgsql.NpgsqlConnection db, string sql, Guid parameter)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
