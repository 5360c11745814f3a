using BudgetMesh.Testing.Processes;
using System.Text.Json;

namespace BudgetMesh.Interop.Tests;

/// <summary>Runs tests/interop/client.js (grpc-js) once against the grpc-dotnet interop server and reports each case.</summary>
public sealed class GrpcJsClientRun : IAsyncLifetime
{
    private readonly InteropServerFixture _server = new();

    public Dictionary<string, JsonElement> Results { get; } = [];

    public string Output { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await NodeInterop.EnsureInstalledAsync();
        await _server.InitializeAsync();
        var (_, output) = await NodeInterop.RunToEndAsync("node", $"client.js --host 127.0.0.1 --port {_server.Address.Port}", TimeSpan.FromSeconds(90));
        Output = output;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('{'))
            {
                var result = JsonDocument.Parse(line).RootElement.Clone();
                Results[result.GetProperty("case").GetString()!] = result;
            }
        }
    }

    public Task DisposeAsync() => _server.DisposeAsync();
}

public sealed class GrpcJsClientTests(GrpcJsClientRun run) : IClassFixture<GrpcJsClientRun>
{
    /// <summary>The interop cases of issue 21 plus the compression ones, health and reflection (the other direction, a
    /// grpc-dotnet client against a grpc-js server, runs in BudgetMesh.GrpcClients.Tests).</summary>
    public static TheoryData<string> Cases => new(
    [
        "empty_unary", "large_unary", "client_compressed_unary", "server_compressed_unary", "client_streaming",
        "server_streaming", "ping_pong", "empty_stream", "timeout_on_sleeping_server", "cancel_after_begin",
        "cancel_after_first_response", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "custom_metadata", "health_serving", "reflection_v1", "reflection_v1alpha",
    ]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_grpc_js_client_passes_the_interop_case_against_the_grpc_dotnet_server(string name)
    {
        Assert.True(run.Results.TryGetValue(name, out var result), $"grpc-js client did not report case {name}:\n{run.Output}");
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{name}: {(result.TryGetProperty("error", out var error) ? error.GetString() : "failed")}");
    }
}
