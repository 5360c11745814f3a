using System.Diagnostics;
using System.Net;
using BudgetMesh.Console.Traces;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BudgetMesh.Console.Tests;

/// <summary>Real spans from the OpenTelemetry SDK's OTLP exporter (HttpProtobuf) into the console, read back as pages.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OtlpIngestionTests(ConsoleFixture console)
{
    [Fact]
    public async Task Spans_exported_over_OTLP_HTTP_show_as_one_waterfall_found_by_the_submission_id_with_attributes_and_errors()
    {
        var submissionId = Guid.NewGuid().ToString();
        using var source = new ActivitySource("BudgetMesh.ConsoleTests");
        string traceId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("intake"))
            .AddSource(source.Name)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(console.ConsoleAddress, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using (var root = source.StartActivity("SubmitPackage", ActivityKind.Server)!)
            {
                traceId = root.TraceId.ToHexString();
                using (var child = source.StartActivity("outbox publish", ActivityKind.Producer)!)
                {
                    child.SetTag("budgetmesh.submission_id", submissionId);
                }

                using var failed = source.StartActivity("Classification/CheckCodes", ActivityKind.Client)!;
                failed.SetStatus(ActivityStatusCode.Error, "UNAVAILABLE <peer down>");
                failed.AddException(new InvalidOperationException("connection refused"));
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        using var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);
        var page = await client.PageAsync($"/traces?submission={submissionId}");

        var trace = Assert.Single(page.QuerySelectorAll("section.trace"));
        Assert.Equal(traceId, trace.GetAttribute("data-trace"));
        var rows = trace.QuerySelectorAll("tbody > tr[data-span]").ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("intake", r.GetAttribute("data-service")));
        Assert.Equal("SubmitPackage", rows[0].QuerySelector("summary")!.TextContent);
        Assert.Contains(submissionId, trace.TextContent, StringComparison.Ordinal);
        var failedRow = rows.Single(r => r.ClassList.Contains("span-error"));
        Assert.Contains("UNAVAILABLE <peer down>", failedRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("connection refused", failedRow.TextContent, StringComparison.Ordinal);

        var recent = await client.PageAsync("/traces/slow");
        Assert.NotNull(recent.QuerySelector($"#slowest tr[data-trace='{traceId}']"));
        Assert.NotNull(recent.QuerySelector($"#failed tr[data-trace='{traceId}']"));
    }

    [Fact]
    public async Task The_receiver_refuses_what_is_not_OTLP_protobuf()
    {
        using var http = new HttpClient { BaseAddress = console.ConsoleAddress };

        var json = await http.PostAsync("/v1/traces", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var garbage = await http.PostAsync("/v1/traces", new ByteArrayContent([0xff, 0xff, 0xff]) { Headers = { ContentType = new("application/x-protobuf") } });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task Retention_deletes_spans_older_than_the_cut_off_and_keeps_newer_ones()
    {
        var store = console.ConsoleServices.GetRequiredService<SpanStore>();
        var old = new OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest();
        var spans = new OpenTelemetry.Proto.Trace.V1.ScopeSpans();
        var now = DateTimeOffset.UtcNow;
        foreach (var (age, id) in new[] { (TimeSpan.FromDays(10), (byte)1), (TimeSpan.FromMinutes(1), (byte)2) })
        {
            var start = (ulong)(now - age).ToUnixTimeMilliseconds() * 1_000_000UL;
            spans.Spans.Add(new OpenTelemetry.Proto.Trace.V1.Span
            {
                TraceId = Google.Protobuf.ByteString.CopyFrom([.. Enumerable.Repeat(id, 15), (byte)0xee]),
                SpanId = Google.Protobuf.ByteString.CopyFrom([.. Enumerable.Repeat(id, 7), (byte)0xee]),
                Name = "retention",
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + 1000,
            });
        }

        old.ResourceSpans.Add(new OpenTelemetry.Proto.Trace.V1.ResourceSpans { ScopeSpans = { spans } });
        Assert.Equal(2, await store.SaveAsync(old, default));

        var deleted = await store.DeleteOlderThanAsync(now - TimeSpan.FromDays(7), default);

        Assert.True(deleted >= 1);
        Assert.Empty(await store.TraceAsync("010101010101010101010101010101ee", default));
        Assert.Single(await store.TraceAsync("020202020202020202020202020202ee", default));
    }
}
