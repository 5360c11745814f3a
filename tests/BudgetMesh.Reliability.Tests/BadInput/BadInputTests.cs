using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Contracts.ThreePublic.V1;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Xunit.Abstractions;

namespace BudgetMesh.Reliability.Tests.BadInput;

/// <summary>
/// Thousands of generated malformed and hostile requests against every rpc of every gRPC service, each running as
/// its own process: every request gets a deliberate status, no process dies, memory does not grow with the load, and a
/// valid request afterwards succeeds.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineFixture fixture, ITestOutputHelper output)
{
    private const int Seed = 20250601;

    /// <summary>How many identical bursts a service's memory gets to stop growing in.</summary>
    private const int MaxBursts = 5;

    /// <summary>Statuses a decodable request may get: each is a deliberate answer about the input or the caller.</summary>
    private static readonly HashSet<StatusCode> Deliberate =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.PermissionDenied,
        StatusCode.Unauthenticated, StatusCode.OutOfRange, StatusCode.ResourceExhausted, StatusCode.AlreadyExists, StatusCode.DeadlineExceeded,
    ];

    /// <summary>An undecodable request may also get what grpc-dotnet answers before any service code runs: INTERNAL (gRPC's "error parsing request proto") or UNIMPLEMENTED.</summary>
    private static readonly HashSet<StatusCode> WireLevel = [.. Deliberate, StatusCode.Internal, StatusCode.Unimplemented];

    private static IReadOnlyList<(string Service, MethodDescriptor Method)> AllMethods()
    {
        var services = new (string Name, ServiceDescriptor Descriptor)[]
        {
            ("Intake", IntakeReflection.Descriptor.Services[0]),
            ("Intake", IntakeReflection.Descriptor.Services[1]),
            ("Classification", ClassificationReflection.Descriptor.Services[0]),
            ("ThreePublicExpenses", ThreePublicReflection.Descriptor.Services[0]),
            ("PerformanceTargets", PerformanceReflection.Descriptor.Services[0]),
            ("Reconciler", ReconcilerReflection.Descriptor.Services[0]),
            ("Publication", PublicationReflection.Descriptor.Services[0]),
        };
        return [.. services.SelectMany(s => s.Descriptor.Methods.Select(m => (s.Name, m)))];
    }

    [Fact]
    public async Task Malformed_and_hostile_requests_to_every_rpc_get_deliberate_statuses_and_leave_every_service_serving()
    {
        var deployment = fixture.Deployment;
        var methods = AllMethods();
        var keys = deployment.AllKeys.ToArray();
        string? Authorization(string service, Random random) => random.Next(6) switch
        {
            0 => null,
            1 => "Bearer bm_nobody_" + new string('Z', 43),
            2 => "Bearer ' OR 1=1 --",
            _ => "Bearer " + (service == "Intake" ? keys[random.Next(keys.Length)] : deployment.OperatorKey),
        };

        foreach (var service in deployment.Services.Values)
        {
            await ValidRequestSucceedsAsync(service.Name);
        }

        var before = deployment.Services.ToDictionary(s => s.Key, s => s.Value.WorkingSetMiB());
        var histogram = new ConcurrentDictionary<(string Service, string Kind, string Status), int>();
        var improper = new ConcurrentQueue<string>();
        var started = DateTime.UtcNow;

        // The same seeded burst, repeated. After the first, a process keeps what its garbage collector has not handed
        // back yet (reported: how much depends on the GC and on how large the hostile messages that service drew were).
        // A leak grows with the load, so every further identical burst takes more again; memory that is only kept for
        // reuse stops growing. Each service must show a burst that adds no more than the noise of a working set
        // (10 % or 24 MiB) within MaxBursts.
        var sent = await SendBurstAsync(new MalformedRequests(Seed, methods, Authorization), histogram, improper);
        var afterFirst = await SettledWorkingSetsAsync();
        var (latest, bursts) = (afterFirst, 1);
        var growing = before.Keys.ToHashSet(StringComparer.Ordinal);
        while (growing.Count > 0 && bursts < MaxBursts)
        {
            sent += await SendBurstAsync(new MalformedRequests(Seed, methods, Authorization), histogram, improper);
            bursts++;
            var now = await SettledWorkingSetsAsync();
            growing.RemoveWhere(name => now[name] <= latest[name] + Math.Max(latest[name] * 0.1, 24));
            latest = now;
        }

        var duration = DateTime.UtcNow - started;
        var crashes = deployment.Services.Values.Sum(s => s.UnexpectedExits + (s.IsRunning ? 0 : 1));
        foreach (var service in deployment.Services.Values)
        {
            await ValidRequestSucceedsAsync(service.Name);
        }

        Report(sent, bursts, duration, histogram, before, afterFirst, latest, crashes, improper.Count, growing.Count);
        Assert.True(improper.IsEmpty, $"{improper.Count} requests got no deliberate status, e.g.:\n{string.Join('\n', improper.Take(20))}");
        Assert.Equal(0, crashes);
        Assert.True(growing.Count == 0, string.Join("; ", growing.Select(name => string.Create(CultureInfo.InvariantCulture,
            $"{name}: {before[name]:F0} MiB before, {afterFirst[name]:F0} MiB after one burst, still growing after {bursts}: {latest[name]:F0} MiB"))));
    }

    private async Task<int> SendBurstAsync(MalformedRequests generator, ConcurrentDictionary<(string Service, string Kind, string Status), int> histogram, ConcurrentQueue<string> improper)
    {
        var deployment = fixture.Deployment;
        var sent = 0;
        await Parallel.ForEachAsync(generator.Generate(Measurements.MalformedRequests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, _) =>
        {
            var result = await RawGrpc.SendAsync(deployment[request.Service].Address, request.Path, request.Body, request.Authorization, timeout: "3S");
            Interlocked.Increment(ref sent);
            var status = result.Status is { } s ? ((StatusCode)s).ToString() : "no status";
            histogram.AddOrUpdate((request.Service, request.Kind, status), 1, (_, n) => n + 1);
            var allowed = request.Decodability == Decodability.Decodable ? Deliberate : WireLevel;
            if (result.Status is not { } code || !allowed.Contains((StatusCode)code))
            {
                improper.Enqueue($"{request.Service} {request.Path} {request.Kind}: {status} {result.Message} {result.Failure}");
            }
        });
        return sent;
    }

    // Let the runtime give back what the burst took, as it would between bursts in production.
    private async Task<Dictionary<string, double>> SettledWorkingSetsAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        return fixture.Deployment.Services.ToDictionary(s => s.Key, s => s.Value.WorkingSetMiB());
    }

    private async Task ValidRequestSucceedsAsync(string service)
    {
        var deployment = fixture.Deployment;
        var seeded = fixture.Seeded;
        using var channel = deployment.Client(service);
        var call = Deployment.Call(deployment.OperatorKey);
        IMessage response = service switch
        {
            "Intake" => await new IntakeService.IntakeServiceClient(channel.CallInvoker).ListSubmissionsAsync(new ListSubmissionsRequest { BudgetYear = 2025 }, call),
            "Classification" => await new ClassificationService.ClassificationServiceClient(channel.CallInvoker).DescribeCatalogAsync(new DescribeCatalogRequest { BudgetYear = 2025 }, call),
            "ThreePublicExpenses" => await new ThreePublicExpensesService.ThreePublicExpensesServiceClient(channel.CallInvoker).GetDistrictViewAsync(new GetDistrictViewRequest { DistrictCode = "500107", BudgetYear = 2025 }, call),
            "PerformanceTargets" => await new PerformanceTargetsService.PerformanceTargetsServiceClient(channel.CallInvoker).CheckTargetsAsync(PerformanceRequest(), call),
            "Reconciler" => await new ReconcilerService.ReconcilerServiceClient(channel.CallInvoker).GetReportAsync(new GetReportRequest { SubmissionId = seeded.SubmissionId.ToString(), Revision = seeded.Revision }, call),
            "Publication" => await new PublicationService.PublicationServiceClient(channel.CallInvoker).ListPublicationsAsync(new ListPublicationsRequest(), call),
            _ => throw new InvalidOperationException(service),
        };
        Assert.NotNull(response);
    }

    /// <summary>What the reconciler sends for the seed package (PeerChecks.PerformanceRequest).</summary>
    private static CheckTargetsRequest PerformanceRequest()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        var request = new CheckTargetsRequest
        {
            BudgetYear = package.Header.BudgetYear,
            Narrative = package.Narrative,
            PackageUnit = package.Header.AmountUnit,
        };
        if (package.Tables.Zt is { } zt)
        {
            request.Overall = zt;
        }

        if (package.Tables.Xm is { } xm)
        {
            request.ProjectList = xm;
        }

        request.Projects.AddRange(package.Tables.Xj);
        return request;
    }

    private void Report(int sent, int bursts, TimeSpan duration, ConcurrentDictionary<(string Service, string Kind, string Status), int> histogram,
        Dictionary<string, double> before, Dictionary<string, double> after, Dictionary<string, double> again, int crashes, int improper, int growing)
    {
        var inv = CultureInfo.InvariantCulture;
        var byStatus = histogram.GroupBy(h => h.Key.Status).OrderByDescending(g => g.Sum(x => x.Value)).Select(g => $"{g.Key} {g.Sum(x => x.Value)}");
        var memory = string.Join(", ", before.Select(b => string.Create(inv, $"{b.Key} {b.Value:F0}→{after[b.Key]:F0}→{again[b.Key]:F0} MiB")));
        Measurements.Record("Bad input (all gRPC services)", $"{sent} requests ({bursts} identical seeded bursts), {AllMethods().Count} rpcs, 7 services, seed {Seed}",
            improper == 0 && crashes == 0 && growing == 0 ? "pass" : "FAIL",
            $"crashes {crashes}; improper statuses {improper}; statuses: {string.Join(", ", byStatus)}; working set before→after one burst→after the last {memory}; valid request afterwards OK on every service; {duration.TotalSeconds.ToString("F0", inv)} s");

        var detail = new StringBuilder();
        detail.AppendLine("### Bad input: statuses by service and kind").AppendLine();
        detail.AppendLine("| service | kind | statuses |").AppendLine("|---|---|---|");
        foreach (var group in histogram.GroupBy(h => (h.Key.Service, h.Key.Kind)).OrderBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            detail.AppendLine(inv, $"| {group.Key.Service} | {group.Key.Kind} | {string.Join(", ", group.OrderByDescending(g => g.Value).Select(g => $"{g.Key.Status} {g.Value}"))} |");
        }

        detail.AppendLine().AppendLine("| service | working set before (MiB) | after one burst (MiB) | after the last burst (MiB) |").AppendLine("|---|---|---|---|");
        foreach (var (name, value) in before)
        {
            detail.AppendLine(inv, $"| {name} | {value:F0} | {after[name]:F0} | {again[name]:F0} |");
        }

        Measurements.Detail("Bad input (all gRPC services)", detail.ToString());
        output.WriteLine(detail.ToString());
    }
}
