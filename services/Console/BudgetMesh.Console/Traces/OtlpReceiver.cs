using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace BudgetMesh.Console.Traces;

/// <summary>
/// OTLP/HTTP with protobuf bodies (the standard exporter's HttpProtobuf protocol) at POST /v1/traces. The services
/// export here without a session, as they would to any collector; the console is reachable on loopback by default.
/// </summary>
internal static class OtlpReceiver
{
    public const string Path = "/v1/traces";

    // Well above an exporter's default batch (512 spans) and still small enough to refuse abuse.
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    public static void MapOtlpReceiver(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReceiveAsync).AllowAnonymous();

    private static async Task<IResult> ReceiveAsync(HttpContext context, SpanStore store)
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var body = new MemoryStream();
        var stream = context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(context.Request.Body, System.IO.Compression.CompressionMode.Decompress)
            : context.Request.Body;
        await using (stream)
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length > MaxBodyBytes)
                {
                    return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }
            }
        }

        ExportTraceServiceRequest request;
        try
        {
            request = ExportTraceServiceRequest.Parser.ParseFrom(body.GetBuffer(), 0, (int)body.Length);
        }
        catch (InvalidProtocolBufferException)
        {
            return Results.BadRequest();
        }

        await store.SaveAsync(request, context.RequestAborted);
        return Results.Bytes(new ExportTraceServiceResponse().ToByteArray(), "application/x-protobuf");
    }
}
