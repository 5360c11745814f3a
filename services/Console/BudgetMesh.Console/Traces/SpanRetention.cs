using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.Console.Traces;

/// <summary>Keeps the span table bounded: hourly, spans older than the retention (default 7 days) go.</summary>
internal sealed partial class SpanRetention(SpanStore store, TimeProvider time, IConfiguration configuration, ILogger<SpanRetention> logger) : BackgroundService
{
    public const string DaysVariable = "BUDGETMESH_CONSOLE_TRACE_RETENTION_DAYS";

    public TimeSpan Retention => TimeSpan.FromDays(double.TryParse(configuration[DaysVariable], System.Globalization.CultureInfo.InvariantCulture, out var days) && days > 0 ? days : 7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var deleted = await store.DeleteOlderThanAsync(time.GetUtcNow() - Retention, stoppingToken);
                LogDeleted(deleted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The schema may not be migrated yet on the first tick, or PostgreSQL may be restarting: try next hour.
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Debug, "Trace retention deleted {Count} spans.")]
    private partial void LogDeleted(int count);

    [LoggerMessage(LogLevel.Warning, "Trace retention failed; retrying in an hour.")]
    private partial void LogFailed(Exception exception);
}
