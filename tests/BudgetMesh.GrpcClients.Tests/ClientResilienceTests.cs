using Grpc.Core;
using Polly;

namespace BudgetMesh.GrpcClients.Tests;

/// <summary>The retry layer on a simulated clock: what it decides does not depend on how busy the machine is.</summary>
public sealed class ClientResilienceTests
{
    [Theory]
    [InlineData(700, 100)]
    [InlineData(2000, 100)]
    [InlineData(250, 100)]
    public async Task Retries_of_UNAVAILABLE_never_sleep_past_the_calls_deadline(int deadlineMs, int baseDelayMs)
    {
        for (var run = 0; run < 200; run++)
        {
            var clock = new SimulatedClock();
            var policy = new GrpcClientPolicy { RetryBaseDelay = TimeSpan.FromMilliseconds(baseDelayMs), MaxRetryAttempts = 10, CircuitBreakerMinimumThroughput = 1000 };
            var pipeline = ClientResilience.Create(policy, clock);
            var deadline = clock.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(deadlineMs);
            var context = ResilienceContextPool.Shared.Get();
            context.Properties.Set(ClientResilience.DeadlineKey, deadline);
            var attempts = 0;

            var error = await Assert.ThrowsAsync<RpcException>(async () => await pipeline.ExecuteAsync<int>(_ =>
            {
                attempts++;
                clock.Advance(TimeSpan.FromMilliseconds(10)); // the attempt itself
                throw new RpcException(new Status(StatusCode.Unavailable, "down"));
            }, context));
            ResilienceContextPool.Shared.Return(context);

            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.True(clock.GetUtcNow().UtcDateTime <= deadline, $"run {run}: slept to {clock.GetUtcNow().UtcDateTime - deadline} past the deadline");
            Assert.True(attempts >= (deadlineMs >= 700 ? 2 : 1), $"run {run}: {attempts} attempts");
            Assert.True(attempts <= 11);
        }
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task A_caller_fault_or_a_spent_deadline_is_never_retried(StatusCode code)
    {
        var clock = new SimulatedClock();
        var pipeline = ClientResilience.Create(new GrpcClientPolicy { MaxRetryAttempts = 10 }, clock);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(ClientResilience.DeadlineKey, clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(30));
        var attempts = 0;

        await Assert.ThrowsAsync<RpcException>(async () => await pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new RpcException(new Status(code, "no"));
        }, context));
        ResilienceContextPool.Shared.Return(context);

        Assert.Equal(1, attempts);
    }

    /// <summary>A clock that moves only when told to, and whose timers fire at once, moving it by their due time.</summary>
    private sealed class SimulatedClock : TimeProvider
    {
        private long _ticks = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Advance(dueTime);
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
