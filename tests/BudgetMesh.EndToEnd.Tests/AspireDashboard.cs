using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using BudgetMesh.ServiceDefaults.Telemetry;
using BudgetMesh.Testing;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// The standalone Aspire Dashboard as `make run` starts it (restored by deploy/dashboard/AspireDashboard.props): the
/// browser signs in with a token, exporters send an API key with OTLP/gRPC, and the tests read what it received through
/// its telemetry API (OTLP JSON), the same store its pages show.
/// </summary>
internal sealed class AspireDashboard : IAsyncDisposable
{
    private static readonly string Executable =
        typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AspireDashboardPath").Value!;

    private readonly Process _process;
    private readonly HttpClient _api;
    private readonly string _logFile;

    private AspireDashboard(Process process, Uri browserAddress, Uri otlpAddress, string browserToken, string otlpApiKey, string apiKey, string logFile)
    {
        _process = process;
        BrowserAddress = browserAddress;
        OtlpAddress = otlpAddress;
        BrowserToken = browserToken;
        OtlpApiKey = otlpApiKey;
        _logFile = logFile;
        _api = new HttpClient { BaseAddress = browserAddress };
        _api.DefaultRequestHeaders.Add("X-API-Key", apiKey);
    }

    public Uri BrowserAddress { get; }

    /// <summary>OTLP over gRPC, for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri OtlpAddress { get; }

    public string BrowserToken { get; }

    public string OtlpApiKey { get; }

    /// <summary>The standard OTEL_* variables that point an exporter at this dashboard.</summary>
    public IReadOnlyDictionary<string, string> ExporterEnvironment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpAddress.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={OtlpApiKey}",
        // The batch processors read the standard variables: spans and logs arrive in a fraction of the 5 s default.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    public static async Task<AspireDashboard> StartAsync(string logFile, TimeSpan patience)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: restore tests/BudgetMesh.EndToEnd.Tests (it downloads Aspire.Dashboard.Sdk.linux-x64).");
        }

        int browserPort = ServiceProcess.FreePort(), otlpPort = ServiceProcess.FreePort();
        var browser = new Uri($"http://127.0.0.1:{browserPort.ToString(CultureInfo.InvariantCulture)}/");
        var otlp = new Uri($"http://127.0.0.1:{otlpPort.ToString(CultureInfo.InvariantCulture)}/");
        var apiKey = "bm_api_" + Guid.NewGuid().ToString("N");
        var browserToken = "bm_dashboard_" + Guid.NewGuid().ToString("N");
        var otlpApiKey = "bm_otlp_" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = browser.ToString(),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = otlp.ToString(),
            ["Dashboard__Frontend__AuthMode"] = "BrowserToken",
            ["Dashboard__Frontend__BrowserToken"] = browserToken,
            ["Dashboard__Otlp__AuthMode"] = "ApiKey",
            ["Dashboard__Otlp__PrimaryApiKey"] = otlpApiKey,
            ["Dashboard__Api__Enabled"] = "true",
            ["Dashboard__Api__AuthMode"] = "ApiKey",
            ["Dashboard__Api__PrimaryApiKey"] = apiKey,
        })
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var sync = new object();
        process.OutputDataReceived += (_, e) => { lock (sync) { log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (sync) { log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A test process that is itself killed runs no .NET code: a tiny shell that outlives neither stops the dashboard.
        using (Process.Start(new ProcessStartInfo("sh", ["-c", $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {process.Id} 2>/dev/null; do sleep 1; done; kill -9 {process.Id} 2>/dev/null"]) { UseShellExecute = false }))
        {
        }

        var started = new AspireDashboard(process, browser, otlp, browserToken, otlpApiKey, apiKey, logFile);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                using var answer = await started._api.GetAsync("api/telemetry/spans?limit=1");
                if (answer.IsSuccessStatusCode)
                {
                    return started;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                await started.DisposeAsync();
                throw new TimeoutException($"The Aspire Dashboard did not answer within {patience}:\n{File.ReadAllText(logFile)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Every span the dashboard holds, flattened from its OTLP JSON.</summary>
    public async Task<IReadOnlyList<Span>> SpansAsync()
    {
        using var document = JsonDocument.Parse(await _api.GetStringAsync("api/telemetry/spans?limit=100000"));
        var spans = new List<Span>();
        foreach (var resource in document.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Attribute(resource.GetProperty("resource"), "service.name");
            foreach (var span in resource.GetProperty("scopeSpans").EnumerateArray().SelectMany(s => s.GetProperty("spans").EnumerateArray()))
            {
                spans.Add(new Span(
                    span.GetProperty("traceId").GetString()!,
                    span.GetProperty("spanId").GetString()!,
                    span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? string.Empty : string.Empty,
                    service,
                    span.GetProperty("name").GetString()!,
                    span.TryGetProperty("kind", out var kind) ? kind.GetInt32() : 0,
                    long.Parse(span.GetProperty("startTimeUnixNano").GetString()!, CultureInfo.InvariantCulture),
                    Attribute(span, BudgetMeshTelemetry.SubmissionIdAttribute),
                    span.TryGetProperty("links", out var links) ? [.. links.EnumerateArray().Select(l => l.GetProperty("traceId").GetString()!)] : []));
            }
        }

        return spans;
    }

    /// <summary>
    /// The resources the dashboard received telemetry from (one per service.name and instance), with what it holds of
    /// each: the flags its Traces, Metrics and Structured logs pages list a resource by.
    /// </summary>
    public async Task<IReadOnlyList<DashboardResource>> ResourcesAsync()
    {
        using var document = JsonDocument.Parse(await _api.GetStringAsync("api/telemetry/resources"));
        return [.. document.RootElement.EnumerateArray().Select(r => new DashboardResource(
            r.GetProperty("name").GetString()!,
            r.GetProperty("hasTraces").GetBoolean(),
            r.GetProperty("hasMetrics").GetBoolean(),
            r.GetProperty("hasLogs").GetBoolean()))];
    }

    /// <summary>The structured log records the dashboard holds for <paramref name="resource"/> (its service.name), newest last.</summary>
    public async Task<IReadOnlyList<LogRecord>> LogsAsync(string resource)
    {
        using var document = JsonDocument.Parse(await _api.GetStringAsync($"api/telemetry/logs?resource={Uri.EscapeDataString(resource)}&limit=1000"));
        var records = new List<LogRecord>();
        foreach (var resourceLogs in document.RootElement.GetProperty("data").GetProperty("resourceLogs").EnumerateArray())
        {
            foreach (var record in resourceLogs.GetProperty("scopeLogs").EnumerateArray().SelectMany(s => s.GetProperty("logRecords").EnumerateArray()))
            {
                records.Add(new LogRecord(
                    Attribute(resourceLogs.GetProperty("resource"), "service.name"),
                    record.TryGetProperty("severityText", out var severity) ? severity.GetString() ?? string.Empty : string.Empty,
                    record.TryGetProperty("body", out var body) && body.TryGetProperty("stringValue", out var text) ? text.GetString() ?? string.Empty : string.Empty,
                    record.TryGetProperty("attributes", out var attributes)
                        ? [.. attributes.EnumerateArray().Select(a => a.GetProperty("key").GetString()!)]
                        : []));
            }
        }

        return records;
    }

    public string LogTail() => File.Exists(_logFile) ? string.Join("\n", File.ReadLines(_logFile).TakeLast(30)) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Attribute(JsonElement owner, string key) =>
        owner.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().Where(a => a.GetProperty("key").GetString() == key)
                .Select(a => a.GetProperty("value").TryGetProperty("stringValue", out var text) ? text.GetString() ?? string.Empty : string.Empty)
                .FirstOrDefault() ?? string.Empty
            : string.Empty;
}

/// <summary>A span as the dashboard holds it; <see cref="LinkedTraces"/> are the traces its span links point at.</summary>
internal sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Service, string Name, int Kind, long StartNs, string SubmissionId, IReadOnlyList<string> LinkedTraces);

/// <summary>A resource as the dashboard's telemetry API lists it, with which kinds of telemetry it has from it.</summary>
internal sealed record DashboardResource(string Name, bool HasTraces, bool HasMetrics, bool HasLogs);

/// <summary>A structured log record as the dashboard holds it: its message and the names of its attributes.</summary>
internal sealed record LogRecord(string Service, string Severity, string Message, IReadOnlyList<string> AttributeKeys);
