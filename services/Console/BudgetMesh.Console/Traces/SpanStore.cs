using System.Text.Json;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;

namespace BudgetMesh.Console.Traces;

/// <summary>A stored span, as the pages show it.</summary>
internal sealed record StoredSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Service,
    string Name,
    int Kind,
    long StartNs,
    long EndNs,
    int StatusCode,
    string StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEvent> Events)
{
    public bool IsError => StatusCode == 2 || Events.Any(e => e.Name == "exception");

    public double DurationMs => (EndNs - StartNs) / 1_000_000.0;
}

/// <summary>A span event (e.g. `exception` with its type, message and stack).</summary>
internal sealed record SpanEvent(string Name, long TimeNs, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One trace in the slow/failed list.</summary>
internal sealed record TraceSummary(string TraceId, string RootName, string RootService, long StartNs, long EndNs, int Spans, int Services, bool Failed, string? SubmissionId)
{
    public double DurationMs => (EndNs - StartNs) / 1_000_000.0;
}

/// <summary>Spans in the console's own schema: written by the OTLP receiver, read by the trace pages.</summary>
internal sealed class SpanStore(ServiceDatabase database)
{
    public async Task<int> SaveAsync(ExportTraceServiceRequest request, CancellationToken ct)
    {
        await using var batch = database.DataSource.CreateBatch();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = Flatten(resourceSpans.Resource?.Attributes ?? []);
            var service = resource.GetValueOrDefault("service.name", "unknown_service");
            var resourceJson = JsonSerializer.Serialize(resource);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
                {
                    continue;
                }

                var attributes = Flatten(span.Attributes);
                var events = span.Events.Select(e => new { name = e.Name, time_ns = (long)e.TimeUnixNano, attributes = Flatten(e.Attributes) });
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO spans (trace_id, span_id, parent_span_id, service_name, name, kind, start_ns, end_ns, status_code, status_message,
                                       attributes, resource, events, submission_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                    ON CONFLICT (trace_id, span_id) DO NOTHING
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = Hex(span.TraceId) });
                command.Parameters.Add(new NpgsqlParameter { Value = Hex(span.SpanId) });
                command.Parameters.Add(new NpgsqlParameter { Value = Hex(span.ParentSpanId) });
                command.Parameters.Add(new NpgsqlParameter { Value = service });
                command.Parameters.Add(new NpgsqlParameter { Value = span.Name });
                command.Parameters.Add(new NpgsqlParameter { Value = (int)span.Kind });
                command.Parameters.Add(new NpgsqlParameter { Value = (long)span.StartTimeUnixNano });
                command.Parameters.Add(new NpgsqlParameter { Value = (long)Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano) });
                command.Parameters.Add(new NpgsqlParameter { Value = (int)(span.Status?.Code ?? 0) });
                command.Parameters.Add(new NpgsqlParameter { Value = span.Status?.Message ?? string.Empty });
                command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(attributes), NpgsqlDbType = NpgsqlDbType.Jsonb });
                command.Parameters.Add(new NpgsqlParameter { Value = resourceJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
                command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(events), NpgsqlDbType = NpgsqlDbType.Jsonb });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)attributes.GetValueOrDefault(BudgetMeshTelemetry.SubmissionIdAttribute) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                batch.BatchCommands.Add(command);
            }
        }

        if (batch.BatchCommands.Count == 0)
        {
            return 0;
        }

        await batch.ExecuteNonQueryAsync(ct);
        return batch.BatchCommands.Count;
    }

    /// <summary>Whole traces that touched a submission: any span of the trace carries its id.</summary>
    public Task<IReadOnlyList<StoredSpan>> ForSubmissionAsync(string submissionId, CancellationToken ct) =>
        ReadAsync("WHERE trace_id IN (SELECT DISTINCT trace_id FROM spans WHERE submission_id = $1) ORDER BY start_ns LIMIT 5000", submissionId, ct);

    public Task<IReadOnlyList<StoredSpan>> TraceAsync(string traceId, CancellationToken ct) =>
        ReadAsync("WHERE trace_id = $1 ORDER BY start_ns LIMIT 5000", traceId, ct);

    /// <summary>The slowest and the failed traces that started after <paramref name="sinceNs"/>.</summary>
    public async Task<(IReadOnlyList<TraceSummary> Slowest, IReadOnlyList<TraceSummary> Failed)> RecentAsync(long sinceNs, int limit, CancellationToken ct)
    {
        const string Summaries = """
            WITH t AS (
              SELECT trace_id, min(start_ns) AS start_ns, max(end_ns) AS end_ns, count(*) AS spans, count(DISTINCT service_name) AS services,
                     bool_or(status_code = 2 OR events @> '[{"name":"exception"}]') AS failed, max(submission_id) AS submission_id
              FROM spans GROUP BY trace_id HAVING min(start_ns) >= $1)
            SELECT t.trace_id, coalesce(r.name, ''), coalesce(r.service_name, ''), t.start_ns, t.end_ns, t.spans, t.services, t.failed, t.submission_id
            FROM t LEFT JOIN LATERAL (SELECT name, service_name FROM spans s WHERE s.trace_id = t.trace_id ORDER BY (s.parent_span_id = '') DESC, s.start_ns LIMIT 1) r ON true
            """;
        return (await SummariesAsync($"{Summaries} ORDER BY t.end_ns - t.start_ns DESC LIMIT {limit}", sinceNs, ct),
                await SummariesAsync($"{Summaries} WHERE t.failed ORDER BY t.start_ns DESC LIMIT {limit}", sinceNs, ct));
    }

    /// <summary>Retention: drops every span that started before the cut-off.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM spans WHERE start_ns < $1");
        command.Parameters.AddWithValue((cutoff.ToUnixTimeMilliseconds() * 1_000_000L));
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<TraceSummary>> SummariesAsync(string sql, long sinceNs, CancellationToken ct)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(sinceNs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<TraceSummary>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new TraceSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                (int)reader.GetInt64(5), (int)reader.GetInt64(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return list;
    }

    private async Task<IReadOnlyList<StoredSpan>> ReadAsync(string where, string parameter, CancellationToken ct)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT trace_id, span_id, parent_span_id, service_name, name, kind, start_ns, end_ns, status_code, status_message, attributes::text, events::text
            FROM spans {where}
            """);
        command.Parameters.AddWithValue(parameter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var spans = new List<StoredSpan>();
        while (await reader.ReadAsync(ct))
        {
            var events = JsonSerializer.Deserialize<List<EventJson>>(reader.GetString(11)) ?? [];
            spans.Add(new StoredSpan(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt32(8), reader.GetString(9),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(10)) ?? [],
                [.. events.Select(e => new SpanEvent(e.name, e.time_ns, e.attributes ?? []))]));
        }

        return spans;
    }

    internal static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    /// <summary>OTLP attribute values as display strings (arrays and maps as JSON).</summary>
    internal static Dictionary<string, string> Flatten(IEnumerable<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Text(attribute.Value);
        }

        return result;
    }

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => JsonSerializer.Serialize(value.ArrayValue.Values.Select(Text)),
        AnyValue.ValueOneofCase.KvlistValue => JsonSerializer.Serialize(Flatten(value.KvlistValue.Values)),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => string.Empty,
    };

#pragma warning disable IDE1006, SA1300 // JSON shape of the stored events column.
    private sealed record EventJson(string name, long time_ns, Dictionary<string, string>? attributes);
#pragma warning restore IDE1006, SA1300
}
