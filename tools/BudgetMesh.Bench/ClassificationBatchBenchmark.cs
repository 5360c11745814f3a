using System.Diagnostics;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.GrpcClients;
using Google.Protobuf;
using Grpc.Core;

namespace BudgetMesh.Bench;

/// <summary>
/// 4b. Classification's ValidateLines on a 10,000-line batch, against the service in its own process. The round
/// trip over loopback h2c is measured per call; server time is that minus what the client spends encoding the
/// request and decoding the response (measured here on the same messages), which leaves the server's decode,
/// validation and encode plus the transfer itself: an upper bound on pure server time.
/// Lines are the seeds' coded rows (function and both economic schemes) repeated, every 7th with another row's name
/// and every 11th with a code not in the catalog, so every verdict path runs.
/// </summary>
internal sealed class ClassificationBatchBenchmark(BenchEnvironment environment, Results results)
{
    private const string Name = "4 Classification batch";
    private const int Lines = 10_000;

    public async Task RunAsync()
    {
        var database = await environment.CreateDatabaseAsync();
        var vhost = await environment.RabbitMq.CreateVirtualHostAsync();
        await using var service = await environment.StartServiceAsync("Classification", "Classification", database, environment.RabbitMq.AmqpUriFor(vhost));
        using var channel = new GrpcPeerChannel(service.Address, GrpcClientPolicy.Interactive(), configureChannel: c => c.MaxReceiveMessageSize = 64 * 1024 * 1024);
        var client = new ClassificationService.ClassificationServiceClient(channel.CallInvoker);
        var request = BuildRequest(Packages.Load("0").Seeds);

        ValidateLinesResponse response = null!;
        for (var i = 0; i < 5; i++)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    response = await client.ValidateLinesAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
                    break;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250);
                }
            }
        }

        var roundTrips = new Latencies();
        for (var i = 0; i < environment.Options.ClassificationCalls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            response = await client.ValidateLinesAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
            roundTrips.AddTicks(Stopwatch.GetTimestamp() - start);
        }

        var clientSide = new Latencies();
        var responseBytes = response.ToByteArray();
        for (var i = 0; i < 20; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = request.ToByteArray();
            _ = ValidateLinesResponse.Parser.ParseFrom(responseBytes);
            clientSide.AddTicks(Stopwatch.GetTimestamp() - start);
        }

        var verdicts = response.Results.GroupBy(r => r.Verdict).Select(g => $"{g.Key}: {g.Count()}");
        var server = roundTrips.Percentile(50) - clientSide.Percentile(50);
        results.Add(new Figure(Name, $"ValidateLines {Lines:N0} lines: round trip p50 over {roundTrips.Count} calls", roundTrips.Percentile(50), "ms",
            Note: $"p99 {Results.Format(roundTrips.Percentile(99))} ms; request {request.CalculateSize() / 1024.0:0} KiB, response {responseBytes.Length / 1024.0:0} KiB; {string.Join(", ", verdicts)}"));
        results.Add(new Figure(Name, $"ValidateLines {Lines:N0} lines: server time (round trip − client encode/decode {Results.Format(clientSide.Percentile(50))} ms)", server, "ms", "< 50 ms", server < 50));
    }

    private static ValidateLinesRequest BuildRequest(IReadOnlyList<BudgetPackage> seeds)
    {
        var coded = new List<Line>();
        foreach (var package in seeds)
        {
            var tables = package.Tables;
            coded.AddRange(tables.Gf?.Rows.Where(r => r.Code.Length > 0).Select(r => Line(Scheme.Function, r.Code, r.Name, TableKey.Gf)) ?? []);
            coded.AddRange(tables.Jb?.Rows.Where(r => r.Code.Length > 0).Select(r => Line(Scheme.DepartmentEconomic, r.Code, r.Name, TableKey.Jb)) ?? []);
            coded.AddRange(tables.Jbg?.Rows.Where(r => r.Code.Length > 0).Select(r => Line(Scheme.GovernmentEconomic, r.Code, r.Name, TableKey.Jbg)) ?? []);
        }

        var request = new ValidateLinesRequest { BudgetYear = seeds[0].Header.BudgetYear, UnitKind = seeds[0].Header.UnitKind };
        for (var i = 0; i < Lines; i++)
        {
            var line = coded[i % coded.Count].Clone();
            line.RowIndex = i;
            if (i % 7 == 3)
            {
                line.PrintedName = coded[(i + 1) % coded.Count].PrintedName;
            }
            else if (i % 11 == 5)
            {
                line.Code = line.Scheme == Scheme.Function ? "2019999" : "39999";
            }

            request.Lines.Add(line);
        }

        return request;
    }

    private static Line Line(Scheme scheme, string code, string name, TableKey table) => new() { Scheme = scheme, Code = code, PrintedName = name, Table = table };
}
