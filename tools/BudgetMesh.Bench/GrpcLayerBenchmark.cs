using System.Net.Http;
using BudgetMesh.InteropServer.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace BudgetMesh.Bench;

/// <summary>
/// 1. The gRPC layer: grpc.testing.TestService served by grpc-dotnet (Grpc.AspNetCore, tools/BudgetMesh.InteropServer,
/// as every service is served) and by @grpc/grpc-js (tests/interop/server.js), each in its own process, driven one
/// after the other by the same load generator: the generated TestService client on Grpc.Net.Client. Unary = UnaryCall with a 64-byte payload each way; streaming = one
/// StreamingOutputCall returning 20 messages of 64 bytes.
/// </summary>
internal sealed class GrpcLayerBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "1 gRPC layer";
    private const int StreamMessages = 20;
    private static readonly int[] Concurrencies = [1, 16, 64];

    public async Task RunAsync()
    {
        var ours = new Dictionary<(string Kind, int Concurrency), LoadResult>();
        var theirs = new Dictionary<(string Kind, int Concurrency), LoadResult>();

        var port = BenchEnvironment.FreePort();
        await using (var server = await environment.StartOurInteropServerAsync(port))
        {
            await MeasureAsync("grpc-dotnet", new Uri($"http://127.0.0.1:{port}"), ours);
        }

        var (grpcJs, grpcJsPort) = await environment.StartGrpcJsServerAsync();
        await using (grpcJs)
        {
            await MeasureAsync("grpc-js", new Uri($"http://127.0.0.1:{grpcJsPort}"), theirs);
        }

        foreach (var kind in new[] { "unary", "streaming" })
        {
            foreach (var concurrency in Concurrencies)
            {
                var ratio = ours[(kind, concurrency)].PerSecond / theirs[(kind, concurrency)].PerSecond;
                var atTarget = concurrency == 64;
                results.Add(new Figure(Name, $"{kind} throughput ratio grpc-dotnet/grpc-js at {concurrency}", ratio, "×",
                    atTarget ? "≥ 3×" : null, atTarget ? ratio >= 3 : null));
            }
        }
    }

    private async Task MeasureAsync(string server, Uri address, Dictionary<(string, int), LoadResult> into)
    {
        // A plain channel, no retry or circuit: a load generator, not a caller; what it costs per call is the same for both servers.
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            DisposeHttpClient = true,
        });
        var client = new TestService.TestServiceClient(channel);
        var unaryRequest = new SimpleRequest { ResponseSize = 64, Payload = new Payload { Body = ByteString.CopyFrom(new byte[64]) } };
        var streamRequest = new StreamingOutputCallRequest();
        for (var i = 0; i < StreamMessages; i++)
        {
            streamRequest.ResponseParameters.Add(new ResponseParameters { Size = 64 });
        }

        static CallOptions Options(CancellationToken ct) => new(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);

        // Both servers (and our client) past JIT and connection set-up before the first measured level.
        var warmUp = environment.Options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);
        await LoadRunner.RunAsync(64, warmUp, TimeSpan.Zero, _ => client.UnaryCallAsync(unaryRequest, Options(CancellationToken.None)).ResponseAsync);
        await LoadRunner.RunAsync(64, warmUp, TimeSpan.Zero, async ct =>
        {
            using var call = client.StreamingOutputCall(streamRequest, Options(ct));
            await foreach (var _ in call.ResponseStream.ReadAllAsync(ct))
            {
            }
        });
        foreach (var concurrency in Concurrencies)
        {
            var u = await LoadRunner.RunAsync(concurrency, environment.Options.GrpcWarmup, environment.Options.GrpcDuration,
                _ => client.UnaryCallAsync(unaryRequest, Options(CancellationToken.None)).ResponseAsync);
            Report(server, "unary", "calls/s", u, 1);
            into[("unary", concurrency)] = u;

            var s = await LoadRunner.RunAsync(concurrency, environment.Options.GrpcWarmup, environment.Options.GrpcDuration, async ct =>
            {
                using var call = client.StreamingOutputCall(streamRequest, Options(ct));
                var received = 0;
                await foreach (var _ in call.ResponseStream.ReadAllAsync(ct))
                {
                    received++;
                }

                if (received != StreamMessages)
                {
                    throw new InvalidOperationException($"{received} of {StreamMessages} messages arrived.");
                }
            });
            Report(server, "streaming", $"streams/s (×{StreamMessages} msgs)", s, StreamMessages);
            into[("streaming", concurrency)] = s;
        }
    }

    private void Report(string server, string kind, string unit, LoadResult result, int messagesPerCall)
    {
        var label = $"{server} {kind} at {result.Concurrency}";
        results.Add(new Figure(Name, $"{label}: throughput", result.PerSecond, unit,
            Note: messagesPerCall > 1 ? $"{result.PerSecond * messagesPerCall:N0} msgs/s" : null));
        results.Add(new Figure(Name, $"{label}: p50 latency", result.Latencies.Percentile(50), "ms"));
        results.Add(new Figure(Name, $"{label}: p99 latency", result.Latencies.Percentile(99), "ms"));
        if (result.Failures > 0)
        {
            results.Note(Name, $"{label}: {result.Failures} calls failed in the measured window.");
        }
    }
}
