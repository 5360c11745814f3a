using System.Reflection;
using BudgetMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>The watchdog ends a service whose bus stays unhealthy, and leaves a healthy or briefly unhealthy one alone.</summary>
[Collection(ExitCodeCollection.Name)]
public sealed class BusWatchdogTests
{
    private static readonly BusWatchdogOptions Fast = new()
    {
        CheckInterval = TimeSpan.FromMilliseconds(10),
        ExitAfter = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task A_service_whose_bus_stays_unhealthy_stops_with_the_restart_exit_code()
    {
        var bus = FakeBus.Create(BusHealthStatus.Unhealthy);
        var lifetime = new Lifetime();
        var exitCode = Environment.ExitCode;
        try
        {
            using var watchdog = new BusWatchdog((IBusControl)bus, Fast, TimeProvider.System, lifetime, NullLogger<BusWatchdog>.Instance);

            await watchdog.StartAsync(CancellationToken.None);
            await lifetime.Stopping.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await watchdog.StopAsync(CancellationToken.None);

            Assert.Equal(BusWatchdogOptions.RestartExitCode, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public async Task A_bus_that_recovers_before_the_limit_is_left_alone()
    {
        var bus = FakeBus.Create(BusHealthStatus.Unhealthy);
        var options = Fast with { ExitAfter = TimeSpan.FromSeconds(30) };
        var lifetime = new Lifetime();
        using var watchdog = new BusWatchdog((IBusControl)bus, options, TimeProvider.System, lifetime, NullLogger<BusWatchdog>.Instance);

        await watchdog.StartAsync(CancellationToken.None);
        await bus.Checked(20).WaitAsync(TimeSpan.FromSeconds(10));
        bus.Status = BusHealthStatus.Healthy;
        await bus.Checked(40).WaitAsync(TimeSpan.FromSeconds(10));
        await watchdog.StopAsync(CancellationToken.None);

        Assert.False(lifetime.Stopping.Task.IsCompleted);
        Assert.Empty(bus.Calls);
    }

    private sealed class Lifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public TaskCompletionSource Stopping { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopping.TrySetResult();
    }

    /// <summary>An IBusControl that answers CheckHealth, records StopAsync/StartAsync and refuses everything else.</summary>
    public class FakeBus : DispatchProxy
    {
        private int _checks;

        public BusHealthStatus Status { get; set; }

        public List<string> Calls { get; } = [];

        public static FakeBus Create(BusHealthStatus status)
        {
            var bus = (FakeBus)(object)Create<IBusControl, FakeBus>();
            bus.Status = status;
            return bus;
        }

        public async Task Checked(int times)
        {
            while (Volatile.Read(ref _checks) < times)
            {
                await Task.Delay(5);
            }
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case nameof(IBusControl.CheckHealth):
                    Interlocked.Increment(ref _checks);
                    return Status switch
                    {
                        BusHealthStatus.Healthy => BusHealthResult.Healthy("fake", new Dictionary<string, EndpointHealthResult>()),
                        _ => BusHealthResult.Unhealthy("receive endpoint faulted", new InvalidOperationException("Already closed"), new Dictionary<string, EndpointHealthResult>()),
                    };
                case nameof(IBusControl.StopAsync):
                    lock (Calls)
                    {
                        Calls.Add("stop");
                    }

                    return Task.CompletedTask;
                case nameof(IBusControl.StartAsync):
                    lock (Calls)
                    {
                        Calls.Add("start");
                    }

                    return Task.FromResult<BusHandle>(null!);
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }
}
