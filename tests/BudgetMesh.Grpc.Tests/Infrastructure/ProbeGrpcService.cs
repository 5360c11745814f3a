using System.Collections.Concurrent;
using System.Diagnostics;
using BudgetMesh.Grpc.Tests.Probe;
using Google.Protobuf;

namespace BudgetMesh.Grpc.Tests.Infrastructure;

/// <summary>What the probe handlers observed, keyed by the test that asked.</summary>
internal sealed class ProbeState
{
    public ConcurrentDictionary<string, TaskCompletionSource> SleepCancelled { get; } = new();

    public ConcurrentDictionary<string, int> FailAttempts { get; } = new();

    public TaskCompletionSource SleepCancelledFor(string key) =>
        SleepCancelled.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

internal sealed class ProbeGrpcService(ProbeState state)
{
    public Task<EchoReply> Echo(EchoRequest request, ServerCallContext context) => Task.FromResult(new EchoReply
    {
        Text = request.Text + (context.RequestHeaders.GetValue("x-echo") is { } echo ? "|" + echo : string.Empty),
        TraceId = Activity.Current?.TraceId.ToString() ?? string.Empty,
        Blob = request.ReplySize > 0 ? ByteString.CopyFrom(new byte[request.ReplySize]) : request.Blob,
    });

    public async Task<EchoReply> Sleep(SleepRequest request, ServerCallContext context)
    {
        try
        {
            await Task.Delay(request.Milliseconds, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            state.SleepCancelledFor(request.Key).TrySetResult();
            throw;
        }
        return new EchoReply { Text = "slept" };
    }

    public Task<EchoReply> Fail(FailRequest request, ServerCallContext context)
    {
        state.FailAttempts.AddOrUpdate(request.Key, 1, (_, n) => n + 1);
        if (request.ThrowUnexpected)
        {
            throw new InvalidOperationException("secret internals");
        }
        if (request.WithViolations)
        {
            throw GrpcStatusException.InvalidArgument(request.Message, ("package.year", "must be 2000-2100"), ("package.lines[3].amount", "must not be negative"));
        }
        context.ResponseTrailers.Add("x-failed-by", "probe");
        throw new GrpcStatusException((StatusCode)request.Code, request.Message);
    }

    public async Task Count(CountRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= request.To; i++)
        {
            await responseStream.WriteAsync(new EchoReply { Number = i }, context.CancellationToken);
        }
    }
}
