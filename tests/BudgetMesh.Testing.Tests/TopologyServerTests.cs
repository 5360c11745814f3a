using System.Text;
using BudgetMesh.Testing.Topology;
using Npgsql;
using RabbitMQ.Client;
using Xunit;

namespace BudgetMesh.Testing.Tests;

/// <summary>The servers of the replica topology: a RabbitMQ cluster and a PostgreSQL primary with a streaming standby.</summary>
public sealed class TopologyServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_nodes_form_one_cluster_whose_quorum_queue_keeps_a_message_through_a_node_kill_and_the_node_rejoins()
    {
        await using var cluster = await RabbitMqCluster.StartAsync(3);
        var names = cluster.Nodes.Select(n => n.NodeName!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, await cluster.RunningNodesAsync());

        var virtualHost = await cluster.CreateVirtualHostAsync();
        await using (var first = await ConnectAsync(cluster.Nodes[0], virtualHost))
        await using (var channel = await first.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.QueueDeclareAsync("replicated", durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await channel.BasicPublishAsync(string.Empty, "replicated", true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes("kept"));
        }

        await cluster.Nodes[0].KillAsync();
        // Until the queue's remaining members elect a leader (seconds), a get answers "nodedown" and the broker closes
        // the connection (541).
        BasicGetResult? message = null;
        var deadline = DateTime.UtcNow + Patience;
        while (message is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the quorum queue answered no get after its leader's node died");
            await using var second = await ConnectAsync(cluster.Nodes[1], virtualHost);
            await using var channel = await second.CreateChannelAsync();
            try
            {
                message = await channel.BasicGetAsync("replicated", autoAck: true)
                    ?? throw new Xunit.Sdk.XunitException("the quorum queue lost its message with one of three nodes");
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.Message.Contains("nodedown", StringComparison.Ordinal))
            {
                await Task.Delay(250);
            }
        }

        Assert.Equal("kept", Encoding.UTF8.GetString(message.Body.Span));

        await cluster.Nodes[0].RestartAsync();
        deadline = DateTime.UtcNow + Patience;
        while (!names.SequenceEqual(await cluster.RunningNodesAsync()))
        {
            Assert.True(DateTime.UtcNow < deadline, "the restarted node did not rejoin the cluster");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task A_multi_host_connection_string_follows_the_standby_once_it_is_promoted_after_the_primary_dies()
    {
        await using var primary = await PostgresServer.StartAsync();
        await using var standby = await PostgresServer.StartStandbyAsync(primary);
        Assert.False(await primary.IsStandbyAsync());
        Assert.True(await standby.IsStandbyAsync());

        var both = new NpgsqlConnectionStringBuilder
        {
            Host = $"127.0.0.1:{primary.Port},127.0.0.1:{standby.Port}",
            Database = "postgres",
            Username = primary.Username,
            TargetSessionAttributes = "primary",
            Pooling = false,
        }.ConnectionString;
        await ExecuteAsync(both, "CREATE TABLE replicated (value text); INSERT INTO replicated VALUES ('before')");
        // Streaming: the standby has the row without anyone copying it.
        var deadline = DateTime.UtcNow + Patience;
        while (await CountAsync(standby.AdminConnectionString, "before") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the standby did not receive the primary's row");
            await Task.Delay(200);
        }

        await primary.KillAsync();
        await standby.PromoteAsync();
        Assert.False(await standby.IsStandbyAsync());
        await ExecuteAsync(both, "INSERT INTO replicated VALUES ('after')");
        Assert.Equal(1, await CountAsync(standby.AdminConnectionString, "after"));
        Assert.Equal(1, await CountAsync(both, "before"));
    }

    private static async Task<IConnection> ConnectAsync(RabbitMqServer node, string virtualHost) =>
        await new ConnectionFactory { Uri = node.AmqpUriFor(virtualHost), AutomaticRecoveryEnabled = false }.CreateConnectionAsync();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string connectionString, string value)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM replicated WHERE value = $1", connection);
        command.Parameters.AddWithValue(value);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}
