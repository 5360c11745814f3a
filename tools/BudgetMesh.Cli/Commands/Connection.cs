using System.CommandLine;
using BudgetMesh.Contracts;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.Reconciler.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

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
        var addresses = new Dictionary<Peer, PeerAddress>();
        foreach (var (peer, option) in _urls)
        {
            var (_, variable, fallback, _) = Known[peer];
            var url = result.GetValue(option) ?? console.Environment(variable) ?? fallback;
            // Several replicas of one service are given comma-separated; calls are balanced across them.
            if (!PeerAddress.TryParse(url, out var address, out _))
            {
                throw new UsageException($"服务地址无效：{url}（应为 http:// 或 https:// 地址，多个副本以逗号分隔）");
            }

            addresses[peer] = address;
        }

        var key = result.GetValue(Key) ?? console.Environment(KeyVariable);
        return new Session(console, addresses, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), result.GetValue(Json));
    }

    public static string Label(Peer peer) => Known[peer].Label;
}

/// <summary>One invocation's typed clients. Every call goes out once: a CLI user wants to know at once that a service is down.</summary>
internal sealed class Session(CliConsole console, IReadOnlyDictionary<Peer, PeerAddress> addresses, string? key, bool json) : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<Peer, GrpcPeerChannel> _channels = [];

    public CliConsole Console => console;

    public bool Json => json;

    public Task<TResponse> IntakeAsync<TResponse>(Func<IntakeService.IntakeServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken) =>
        CallAsync(Peer.Intake, invoker => new IntakeService.IntakeServiceClient(invoker), call, cancellationToken);

    public Task<TResponse> ReconcilerAsync<TResponse>(Func<ReconcilerService.ReconcilerServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken) =>
        CallAsync(Peer.Reconciler, invoker => new ReconcilerService.ReconcilerServiceClient(invoker), call, cancellationToken);

    public Task<TResponse> PublicationAsync<TResponse>(Func<PublicationService.PublicationServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken) =>
        CallAsync(Peer.Publication, invoker => new PublicationService.PublicationServiceClient(invoker), call, cancellationToken);

    /// <summary>
    /// Follows one revision until <paramref name="done"/> says so or the stream ends (a final state); returns the
    /// last event seen. <paramref name="onChange"/> sees every event, the current state first.
    /// </summary>
    public async Task<WatchSubmissionResponse?> WatchAsync(string submissionId, int revision, Func<WatchSubmissionResponse, bool> done,
        Func<WatchSubmissionResponse, Task> onChange, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var channel = Channel(Peer.Intake);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        WatchSubmissionResponse? last = null;
        try
        {
            using var call = new IntakeService.IntakeServiceClient(channel.CallInvoker).WatchSubmission(
                new WatchSubmissionRequest { SubmissionId = submissionId, Revision = revision }, Options(timeout, stop.Token));
            await foreach (var change in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                last = change;
                await onChange(change);
                if (done(change))
                {
                    break;
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && last is not null && done(last))
        {
            // Our own cancel after the awaited state: not a failure.
        }
        catch (RpcException ex)
        {
            throw new ServiceCallException(ConnectionOptions.Label(Peer.Intake), channel.Peer, ex);
        }

        return last;
    }

    private async Task<TResponse> CallAsync<TClient, TResponse>(Peer peer, Func<CallInvoker, TClient> client,
        Func<TClient, CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken)
    {
        var channel = Channel(peer);
        try
        {
            return await call(client(channel.CallInvoker), Options(CallTimeout, cancellationToken));
        }
        catch (RpcException ex)
        {
            throw new ServiceCallException(ConnectionOptions.Label(peer), channel.Peer, ex);
        }
    }

    private GrpcPeerChannel Channel(Peer peer)
    {
        if (!_channels.TryGetValue(peer, out var channel))
        {
            channel = new GrpcPeerChannel(addresses[peer], GrpcClientPolicy.Interactive());
            _channels[peer] = channel;
        }

        return channel;
    }

    private CallOptions Options(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", $"Bearer {key}");
        }

        return new CallOptions(headers, DateTime.UtcNow + timeout, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}

/// <summary>Wrong usage or unreadable input found before any call: exit code 2 with the message.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A service call that failed, with the service it went to (for a message that says where).</summary>
internal sealed class ServiceCallException(string service, PeerAddress address, RpcException inner)
    : Exception(inner.Status.Detail, inner)
{
    public string Service => service;

    public PeerAddress Address => address;

    public StatusCode Code => inner.StatusCode;

    /// <summary>The status message the service sent.</summary>
    public string Detail => inner.Status.Detail;

    /// <summary>What happened, in Chinese, naming the service and its address (never a status name or a socket's English text).</summary>
    public string Describe() => CallFailure.Describe(service, address, inner);

    public IReadOnlyList<Google.Rpc.BadRequest.Types.FieldViolation> FieldViolations => inner.FieldViolations();
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
            case ServiceCallException { Code: StatusCode.Unavailable or StatusCode.DeadlineExceeded } down:
                return new Failure(ExitCodes.Unreachable, [down.Describe()]);
            case ServiceCallException { Code: StatusCode.InvalidArgument or StatusCode.OutOfRange } invalid:
                return new Failure(ExitCodes.InvalidInput, [invalid.Describe(), .. invalid.FieldViolations.Select(v => $"  {FieldLabels.Chinese(v.Field)}：{CallFailure.Chinese(v.Description) ?? CallFailure.Meaning(invalid.Code)}")]);
            case ServiceCallException refused:
                // The detail comes from the server and never contains the key sent.
                var hint = refused.Code switch
                {
                    StatusCode.Unauthenticated => "（使用 --key 或设置 BUDGETMESH_KEY 提供有效的密钥）",
                    StatusCode.NotFound => "（不存在，或该密钥看不到）",
                    _ => string.Empty,
                };
                return new Failure(ExitCodes.Failed, [refused.Describe() + hint]);
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
