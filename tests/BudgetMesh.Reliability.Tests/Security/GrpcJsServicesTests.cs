using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing.Topology;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>
/// @grpc/grpc-js against every deployed service, knowing only what each server's reflection tells it (tests/interop/
/// services.js): health is SERVING, reflection v1 and v1alpha list the same services, and every rpc, called without a
/// key, reaches grpc-dotnet's dispatch and gets its declared caller policy's answer, never UNIMPLEMENTED or INTERNAL.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class GrpcJsServicesTests(PipelineFixture fixture)
{
    private const int Ok = 0, Unknown = 2, InvalidArgument = 3, NotFound = 5, FailedPrecondition = 9, Unimplemented = 12, Internal = 13, Unauthenticated = 16;

    private static readonly Dictionary<string, string[]> Served = new()
    {
        ["Intake"] = ["budgetmesh.intake.v1.IntakeService", "budgetmesh.intake.v1.KeyService"],
        ["Classification"] = ["budgetmesh.classification.v1.ClassificationService"],
        ["ThreePublicExpenses"] = ["budgetmesh.threepublic.v1.ThreePublicExpensesService"],
        ["PerformanceTargets"] = ["budgetmesh.performance.v1.PerformanceTargetsService"],
        ["Reconciler"] = ["budgetmesh.reconciler.v1.ReconcilerService"],
        ["Publication"] = ["budgetmesh.publication.v1.PublicationService"],
    };

    /// <summary>Anyone may call these (the Ministry of Finance's published catalogs).</summary>
    private static readonly string[] Public = ["ValidateLines", "LookupCode", "ListChildren", "MapEconomicCode", "DescribeCatalog"];

    /// <summary>Access to a report is decided by its submission, so a request naming none is refused as invalid first.</summary>
    private static readonly string[] BySubmission = ["GetReport", "ListFindings", "ExportReport"];

    [Fact]
    public async Task Grpc_js_reaches_every_rpc_of_every_service_through_reflection_and_each_answers_by_its_declared_callers()
    {
        var targets = string.Join(',', Served.Keys.Select(name => $"{name}=127.0.0.1:{fixture.Deployment[name].Address.Port}"));
        var seen = await RunNodeAsync(targets);

        foreach (var (name, services) in Served)
        {
            var service = seen.GetProperty(name);
            Assert.False(service.TryGetProperty("error", out var error), $"{name}: {error}");
            Assert.Equal("SERVING", service.GetProperty("health").GetString());
            var v1 = service.GetProperty("v1").EnumerateArray().Select(s => s.GetString()!).ToHashSet();
            Assert.Superset(new HashSet<string>([.. services, "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]), v1);
            Assert.Equal(v1, service.GetProperty("v1alpha").EnumerateArray().Select(s => s.GetString()!).ToHashSet());

            var rpcs = service.GetProperty("rpcs").EnumerateObject().ToList();
            Assert.NotEmpty(rpcs);
            foreach (var rpc in rpcs)
            {
                var method = rpc.Name[(rpc.Name.LastIndexOf('/') + 1)..];
                var code = rpc.Value.GetProperty("code").GetInt32();
                var because = $"{rpc.Name} answered {code}: {rpc.Value.GetProperty("details").GetString()}";
                Assert.True(code is not (Unimplemented or Unknown or Internal), because);
                if (Public.Contains(method))
                {
                    Assert.True(code is Ok or InvalidArgument or NotFound or FailedPrecondition, because);
                }
                else if (BySubmission.Contains(method))
                {
                    Assert.True(code is InvalidArgument, because);
                }
                else
                {
                    Assert.True(code is Unauthenticated, because);
                }
            }
        }

        Measurements.Record("grpc-js calls every service", "@grpc/grpc-js 1.14 through each server's reflection (v1 and v1alpha), no key",
            "pass", string.Create(CultureInfo.InvariantCulture, $"{Served.Count} services, {Served.Keys.Sum(n => seen.GetProperty(n).GetProperty("rpcs").EnumerateObject().Count())} rpcs, each answered by its caller policy"));
    }

    private static async Task<JsonElement> RunNodeAsync(string targets)
    {
        var interop = Path.Combine(ServiceBinaries.RepositoryRoot, "tests", "interop");
        Assert.True(Directory.Exists(Path.Combine(interop, "node_modules", "@grpc", "grpc-js")), $"Run `npm ci` in {interop} first (make test does).");
        var start = new ProcessStartInfo("node", ["services.js", "--targets", targets])
        {
            WorkingDirectory = interop,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await node.WaitForExitAsync(cancel.Token);
        var text = await stdout;
        Assert.True(node.ExitCode == 0 && text.Length > 0, $"node exited with {node.ExitCode}: {await stderr}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
