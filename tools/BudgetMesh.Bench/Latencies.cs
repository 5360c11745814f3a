using System.Diagnostics;

namespace BudgetMesh.Bench;

/// <summary>Latency samples in Stopwatch ticks; percentiles by nearest rank.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(double milliseconds) => _milliseconds.Add(milliseconds);

    public void AddTicks(long ticks) => _milliseconds.Add(ticks * 1000.0 / Stopwatch.Frequency);

    public void AddRange(Latencies other) => _milliseconds.AddRange(other._milliseconds);

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
        {
            return double.NaN;
        }

        _milliseconds.Sort();
        var rank = (int)Math.Ceiling(p / 100.0 * _milliseconds.Count);
        return _milliseconds[Math.Clamp(rank - 1, 0, _milliseconds.Count - 1)];
    }

    public double Mean => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Average();
}

/// <summary>The outcome of a closed-loop load: completed operations in the measured window and their latencies.</summary>
internal sealed record LoadResult(int Concurrency, long Operations, long Failures, TimeSpan Elapsed, Latencies Latencies, double[] WindowCpuSeconds)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}

/// <summary>
/// Closed-loop load: N workers each issue the next operation as soon as the previous one finishes. Completions in the
/// measured window (after the warm-up) count, so throughput is completions per second of that window whatever an
/// operation's length; operations still in flight when it closes are awaited but not counted.
/// </summary>
internal static class LoadRunner
{
    /// <param name="cpuSeconds">Optional: CPU seconds of the processes to profile, read when the measured window opens and closes.</param>
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<CancellationToken, Task> operation, Func<double[]>? cpuSeconds = null)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureUntil = warmup + duration;
        var perWorker = new Latencies[concurrency];
        var operations = new long[concurrency];
        var failures = new long[concurrency];
        using var stop = new CancellationTokenSource();

        async Task Worker(int index)
        {
            // Let every worker start on its own thread-pool turn instead of running synchronously in the loop below.
            await Task.Yield();
            var samples = perWorker[index] = new Latencies();
            while (clock.Elapsed < measureUntil)
            {
                var startTicks = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    await operation(stop.Token);
                    ok = true;
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    ok = false;
                }

                var ended = clock.Elapsed;
                if (ended >= measureFrom && ended <= measureUntil)
                {
                    if (ok)
                    {
                        samples.AddTicks(Stopwatch.GetTimestamp() - startTicks);
                        operations[index]++;
                    }
                    else
                    {
                        failures[index]++;
                    }
                }
            }
        }

        async Task<double[]> WindowCpu()
        {
            if (cpuSeconds is null)
            {
                return [];
            }

            await Task.Delay(measureFrom);
            var before = cpuSeconds();
            await Task.Delay(measureUntil - clock.Elapsed);
            return [.. cpuSeconds().Zip(before, (after, start) => after - start)];
        }

        var window = WindowCpu();
        var workers = Enumerable.Range(0, concurrency).Select(Worker).ToArray();
        await Task.WhenAll(workers);
        var all = new Latencies();
        foreach (var samples in perWorker)
        {
            all.AddRange(samples);
        }

        return new LoadResult(concurrency, operations.Sum(), failures.Sum(), duration, all, await window);
    }
}
