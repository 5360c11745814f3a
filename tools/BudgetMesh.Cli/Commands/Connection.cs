using System.CommandLine;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.Grpc;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Cli.Commands;

/// <summary>The services a command talks to.</summary>
internal enum Peer
{
    Intake,
    Reconciler,
    Publication,
}

/// <summary>
/// The connection options a command offers (service URLs, key, --json): each from its flag, else its environment
/// variable, else the local default of `make run`.
/// </summary>
internal sealed class ConnectionOptions
{
    public const string KeyVariable = "BUDGETMESH_KEY";

    private static readonly Dictionary<Peer, (string Flag, string Variable, string Default, string Label)> Known = new()
    {
        [Peer.Intake] = ("--intake-url", "BUDGETMESH_INTAKE_URL", "http://127.0.0.1:5101", "受理服务"),
        [Peer.Reconciler] = ("--reconciler-url", "BUDGETMESH_RECONCILER_URL", "http://127.0.0.1:5105", "校核服务"),
        [Peer.Publication] = ("--publication-url", "BUDGETMESH_PUBLICATION_URL", "http://127.0.0.1:5106", "公开发布服务"),
    };

    private readonly Dictionary<Peer, Option<string?>> _urls = [];

    public ConnectionOptions(params Peer[] peers)
    {
        foreach (var peer in peers)
        {
            var (flag, variable, fallback, label) = Known[peer];
            _urls[peer] = new Option<string?>(flag) { Description = $"{label}地址（默认取 {variable}，否则 {fallback}）" };
        }
    }

    public Option<string?> Key { get; } = new("--key") { Description = $"API密钥（默认取 {KeyVariable}）" };

    public Option<bool> Json { get; } = new("--json") { Description = "以 JSON 输出，供脚本使用" };

    public void AddTo(Command command)
    {
        foreach (var option in _urls.Values)
        {
            command.Add(option);
        }

        command.Add(Key);
        command.Add(Json);
    }

    /// <summary>The session for one invocation; throws <see cref="UsageException"/> for a bad URL.</summary>
    public Session Open(ParseResult result, CliConsole console)
    {
        var addresses = new Dictionary<Peer, Uri>();
        foreach (var (peer, option) in _urls)
        {
            var (_, variable, fallback, _) = Known[peer];
            var url = result.GetValue(option) ?? console.Environment(variable) ?? fallback;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"服务地址无效：{url}");
            }

            addresses[peer] = address;
        }

        var key = result.GetValue(Key) ?? console.Environment(KeyVariable);
        return new Session(console, addresses, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), result.GetValue(Json));
    }

    public static string Label(Peer peer) => Known[peer].Label;
}

/// <summary>One invocation's clients. Every call goes out once: a CLI user wants to know at once that a service is down.</summary>
internal sealed class Session(CliConsole console, IReadOnlyDictionary<Peer, Uri> addresses, string? key, bool json) : IDisposable
{
    private static readonly ServiceDescriptor IntakeService = IntakeReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor ReconcilerService = ReconcilerReflection.Descriptor.Services[0];
    private static readonly ServiceDescriptor PublicationService = PublicationReflection.Descriptor.Services[0];

    private readonly Dictionary<Peer, GrpcClient> _clients = [];

    public CliConsole Console => console;

    public bool Json => json;

    public Task<TResponse> IntakeAsync<TRequest, TResponse>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        CallAsync<TRequest, TResponse>(Peer.Intake, IntakeService.FindMethodByName(method), request, cancellationToken);

    public Task<TResponse> ReconcilerAsync<TRequest, TResponse>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        CallAsync<TRequest, TResponse>(Peer.Reconciler, ReconcilerService.FindMethodByName(method), request, cancellationToken);

    public Task<TResponse> PublicationAsync<TRequest, TResponse>(string method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        CallAsync<TRequest, TResponse>(Peer.Publication, PublicationService.FindMethodByName(method), request, cancellationToken);

    /// <summary>
    /// Follows one revision until <paramref name="done"/> says so or the stream ends (a final state); returns the
    /// last event seen. <paramref name="onChange"/> sees every event, the current state first.
    /// </summary>
    public async Task<WatchSubmissionResponse?> WatchAsync(string submissionId, int revision, Func<WatchSubmissionResponse, bool> done,
        Func<WatchSubmissionResponse, Task> onChange, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = Client(Peer.Intake);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        WatchSubmissionResponse? last = null;
        try
        {
            using var call = client.StartServerStreaming<WatchSubmissionRequest, WatchSubmissionResponse>(
                IntakeService.FindMethodByName("WatchSubmission"),
                new WatchSubmissionRequest { SubmissionId = submissionId, Revision = revision },
                Options(timeout, stop.Token));
            await foreach (var change in call.ReadAllAsync(stop.Token))
            {
                last = change;
                await onChange(change);
                if (done(change))
                {
                    call.Cancel();
                    break;
                }
            }
        }
        catch (GrpcStatusException ex) when (ex.StatusCode == StatusCode.Cancelled && last is not null && done(last))
        {
            // Our own cancel after the awaited state: not a failure.
        }
        catch (GrpcStatusException ex)
        {
            throw new ServiceCallException(ConnectionOptions.Label(Peer.Intake), client.Address, ex);
        }

        return last;
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(Peer peer, MethodDescriptor method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var client = Client(peer);
        try
        {
            return await client.UnaryAsync<TRequest, TResponse>(method, request, Options(TimeSpan.FromSeconds(30), cancellationToken));
        }
        catch (GrpcStatusException ex)
        {
            throw new ServiceCallException(ConnectionOptions.Label(peer), client.Address, ex);
        }
    }

    private GrpcClient Client(Peer peer)
    {
        if (!_clients.TryGetValue(peer, out var client))
        {
            client = new GrpcClient(new GrpcClientOptions { Address = addresses[peer], MaxRetryAttempts = 0 });
            _clients[peer] = client;
        }

        return client;
    }

    private CallOptions Options(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", $"Bearer {key}");
        }

        return new CallOptions { Timeout = timeout, CancellationToken = cancellationToken, Headers = headers };
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}

/// <summary>Wrong usage or unreadable input found before any call: exit code 2 with the message.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A service call that failed, with the service it went to (for a message that says where).</summary>
internal sealed class ServiceCallException(string service, Uri address, GrpcStatusException inner)
    : Exception(inner.Detail, inner)
{
    public string Service => service;

    public Uri Address => address;

    public GrpcStatusException Status => inner;
}

/// <summary>Runs a command body and turns every expected failure into a Chinese message and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception ex) when (Describe(ex) is { } failure)
        {
            foreach (var line in failure.Lines)
            {
                await console.Error.WriteLineAsync(line);
            }

            return failure.Code;
        }
    }

    /// <summary>The exit code and message of an expected failure; null for a bug (which then surfaces as one).</summary>
    public static Failure? Describe(Exception exception)
    {
        switch (exception)
        {
            case UsageException usage:
                return new Failure(ExitCodes.InvalidInput, [usage.Message]);
            case ServiceCallException { Status.StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } down:
                return new Failure(ExitCodes.Unreachable, [$"无法连接{down.Service} {down.Address}：{down.Status.Detail}"]);
            case ServiceCallException { Status.StatusCode: StatusCode.InvalidArgument } invalid:
                return new Failure(ExitCodes.InvalidInput,
                    [$"{invalid.Service}认为输入无效：{invalid.Status.Detail}", .. invalid.Status.FieldViolations.Select(v => $"  {v.Field}: {v.Description}")]);
            case ServiceCallException refused:
                // The detail comes from the server and never contains the key sent.
                var hint = refused.Status.StatusCode switch
                {
                    StatusCode.Unauthenticated => "（密钥缺失、无效或已吊销：使用 --key 或设置 BUDGETMESH_KEY）",
                    StatusCode.PermissionDenied => "（该密钥无权执行此操作）",
                    StatusCode.NotFound => "（不存在，或该密钥看不到）",
                    _ => string.Empty,
                };
                return new Failure(ExitCodes.Failed, [$"{refused.Service}拒绝了请求（{refused.Status.StatusCode}）：{refused.Status.Detail}{hint}"]);
            case OperationCanceledException:
                return new Failure(ExitCodes.Failed, ["已取消。"]);
            default:
                return null;
        }
    }

    /// <summary>The worst of several exit codes: unreachable, then usage, then failed.</summary>
    public static int Worst(IEnumerable<int> codes) =>
        codes.DefaultIfEmpty(ExitCodes.Ok).OrderBy(c => c switch { ExitCodes.Unreachable => 0, ExitCodes.InvalidInput => 1, ExitCodes.Failed => 2, _ => 3 }).First();
}

/// <summary>An expected failure: its exit code and what to print.</summary>
internal sealed record Failure(int Code, IReadOnlyList<string> Lines);
