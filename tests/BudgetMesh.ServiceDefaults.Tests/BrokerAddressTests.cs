using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.ServiceDefaults.Tests;

public sealed class BrokerAddressTests
{
    [Fact]
    public void One_uri_is_one_node_and_several_are_the_nodes_of_one_cluster()
    {
        var single = BrokerAddress.Parse("amqp://u:p@127.0.0.1:5672/bm", "BUDGETMESH_RABBITMQ");
        Assert.Single(single.Nodes);

        var cluster = BrokerAddress.Parse("amqp://u:p@127.0.0.1:5672/bm, amqp://u:p@127.0.0.1:5673/bm,amqp://u:p@127.0.0.1/bm", "BUDGETMESH_RABBITMQ");
        Assert.Equal([5672, 5673, 5672], cluster.Endpoints().Select(e => e.Port));
        Assert.Equal("amqp://127.0.0.1:5672/bm,amqp://127.0.0.1:5673/bm,amqp://127.0.0.1:5672/bm", cluster.ToString());
        Assert.DoesNotContain("u:p", cluster.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5672/bm", "'http://127.0.0.1:5672/bm' is not an amqp")]
    [InlineData("amqp://u:p@a:1/bm,", "'' is not an amqp")]
    [InlineData("amqp://u:p@a:1/bm,amqp://u:p@b:1/other", "share scheme, user and virtual host")]
    [InlineData("amqp://u:p@a:1/bm,amqp://v:p@b:1/bm", "share scheme, user and virtual host")]
    public void A_bad_setting_names_the_variable_and_the_reason(string value, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrokerAddress.Parse(value, "BUDGETMESH_RABBITMQ"));
        Assert.StartsWith("BUDGETMESH_RABBITMQ: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
