using System.Reflection;
using BudgetMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>The watchdog restarts a bus that stays unhealthy, and leaves a healthy or briefly unhealthy one alone.</summary>
public sealed class BusWatchdogTests
{
    private static readonly BusWatchdogOptions Fast = new()
    {
        CheckInterval = TimeSpan.FromMilliseconds(10),
        RestartAfter = TimeSpan.FromMilliseconds(100),
        RestartPatience = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task A_bus_that_stays_unhealthy_is_stopped_and_started_again()
    {
        var bus = FakeBus.Create(BusHealthStatus.Unhealthy);
        using var watchdog = new BusWatchdog((IBusControl)bus, Fast, TimeProvider.System, NullLogger<BusWatchdog>.Instance);

        await watchdog.StartAsync(CancellationToken.None);
        var restarted = await bus.Restarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await watchdog.StopAsync(CancellationToken.None);

        Assert.Equal(["stop", "start"], restarted);
    }

    [Fact]
    public async Task A_bus_that_recovers_before_the_limit_is_left_alone()
    {
        var bus = FakeBus.Create(BusHealthStatus.Unhealthy);
        var options = Fast with { RestartAfter = TimeSpan.FromSeconds(30) };
        using var watchdog = new BusWatchdog((IBusControl)bus, options, TimeProvider.System, NullLogger<BusWatchdog>.Instance);

        await watchdog.StartAsync(CancellationToken.None);
        await bus.Checked(20).WaitAsync(TimeSpan.FromSeconds(10));
        bus.Status = BusHealthStatus.Healthy;
        await bus.Checked(40).WaitAsync(TimeSpan.FromSeconds(10));
        await watchdog.StopAsync(CancellationToken.None);

        Assert.Empty(bus.Calls);
    }

    /// <summary>An IBusControl that answers CheckHealth, records StopAsync/StartAsync and refuses everything else.</summary>
    public class FakeBus : DispatchProxy
    {
        private int _checks;

        public BusHealthStatus Status { get; set; }

        public List<string> Calls { get; } = [];

        public TaskCompletionSource<string[]> Restarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
                        Restarted.TrySetResult([.. Calls]);
                    }

                    return Task.FromResult<BusHandle>(null!);
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }
}
