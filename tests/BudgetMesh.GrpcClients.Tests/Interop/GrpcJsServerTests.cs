using BudgetMesh.Testing.Processes;
using System.Diagnostics;

namespace BudgetMesh.GrpcClients.Tests.Interop;

/// <summary>A grpc-js interop server (tests/interop/server.js) as a child process on a free port.</summary>
public sealed class GrpcJsServer : IAsyncLifetime
{
    private Process? _process;

    public GrpcPeerChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await NodeInterop.EnsureInstalledAsync();
        _process = NodeInterop.Start("node", "server.js --port 0", redirectInput: true);
        var readLine = _process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(readLine, Task.Delay(TimeSpan.FromSeconds(30))) != readLine || readLine.Result is not { } line || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            var error = _process.HasExited ? await _process.StandardError.ReadToEndAsync() : "no LISTENING line within 30 s";
            throw new InvalidOperationException($"The grpc-js interop server did not start: {error}");
        }
        Channel = new GrpcPeerChannel(new Uri($"http://127.0.0.1:{line["LISTENING ".Length..]}"));
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_process is { HasExited: false })
        {
            // Closing stdin asks server.js to shut down; kill only if it does not.
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process?.Dispose();
    }
}

/// <summary>grpc-dotnet typed clients (through our policy) pass every interop case against a grpc-js server.</summary>
public sealed class GrpcJsServerTests(GrpcJsServer server) : IClassFixture<GrpcJsServer>
{
    public static TheoryData<string> Cases => new(InteropClientCases.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task A_grpc_dotnet_client_passes_the_interop_case_against_a_grpc_js_server(string name) =>
        InteropClientCases.RunAsync(name, server.Channel.CallInvoker);
}
