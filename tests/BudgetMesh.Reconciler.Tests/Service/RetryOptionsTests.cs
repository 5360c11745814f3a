using BudgetMesh.Reconciler.Consumers;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Reconciler.Tests.Service;

/// <summary>The consumer's retry schedule: production defaults unless configured, and a bad value stops the start-up.</summary>
public sealed class RetryOptionsTests
{
    [Fact]
    public void Without_settings_the_retry_rides_out_about_ten_minutes()
    {
        var options = ReconcileRetryOptions.From(Configuration([]));

        Assert.Equal(20, options.Limit);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.MinInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.IntervalDelta);
    }

    [Fact]
    public void The_limit_and_the_longest_wait_can_be_configured_and_the_first_wait_never_exceeds_the_longest()
    {
        var options = ReconcileRetryOptions.From(Configuration(new()
        {
            [ReconcileRetryOptions.LimitVariable] = "200",
            [ReconcileRetryOptions.MaxIntervalVariable] = "100",
        }));

        Assert.Equal(200, options.Limit);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.MaxInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.MinInterval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    public void A_limit_that_is_not_a_positive_integer_is_refused_with_the_variable_named(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReconcileRetryOptions.From(Configuration(new() { [ReconcileRetryOptions.LimitVariable] = value })));

        Assert.Contains(ReconcileRetryOptions.LimitVariable, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
