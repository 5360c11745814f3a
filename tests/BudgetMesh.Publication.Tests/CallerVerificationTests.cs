using BudgetMesh.Callers;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Publication.Tests;

/// <summary>BudgetMesh.Callers' Intake-backed verifier against an in-process Intake KeyService.</summary>
public sealed class CallerVerificationTests : IAsyncLifetime
{
    private StubUpstream _intake = null!;

    public async Task InitializeAsync() => _intake = await StubUpstream.StartAsync();

    public async Task DisposeAsync() => await _intake.DisposeAsync();

    private IntakeCallerVerifier Verifier(TimeSpan trustFor, TimeProvider time) =>
        new(Clients(_intake.Address, new GrpcClientPolicy()), new CallerVerification(trustFor), time);

    /// <summary>The client factory as AddCallerVerification registers it (the KeyService client of peer "intake").</summary>
    private static GrpcClientFactory Clients(Uri intake, GrpcClientPolicy policy)
    {
        var services = new ServiceCollection();
        services.AddGrpcPeerClient<KeyService.KeyServiceClient>(CallerVerification.IntakePeer, intake, policy);
        return services.BuildServiceProvider().GetRequiredService<GrpcClientFactory>();
    }

    [Fact]
    public async Task A_trusted_answer_is_reused_within_its_period_and_asked_again_after_it()
    {
        var clock = new ManualClock();
        var verifier = Verifier(TimeSpan.FromSeconds(30), clock);

        var first = await verifier.VerifyAsync("Bearer " + StubUpstream.OperatorKey, default);
        clock.Now += TimeSpan.FromSeconds(29);
        var second = await verifier.VerifyAsync("Bearer " + StubUpstream.OperatorKey, default);
        Assert.Equal(1, _intake.Revisions.KeyChecks);
        clock.Now += TimeSpan.FromSeconds(2);
        await verifier.VerifyAsync("Bearer " + StubUpstream.OperatorKey, default);

        Assert.Equal(2, _intake.Revisions.KeyChecks);
        Assert.Equal(KeyKind.Operator, first.Kind);
        Assert.Equal(first, second);
        Assert.Equal("op7", first.KeyId);
    }

    [Fact]
    public async Task With_no_trust_period_every_call_asks_Intake()
    {
        var verifier = Verifier(TimeSpan.Zero, new ManualClock());
        await verifier.VerifyAsync("Bearer " + StubUpstream.OperatorKey, default);
        await verifier.VerifyAsync("Bearer " + StubUpstream.OperatorKey, default);
        Assert.Equal(2, _intake.Revisions.KeyChecks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-key")]
    [InlineData("Bearer bm_nobody_0123456789abcdefghijklmnop")]
    public async Task A_missing_malformed_or_unknown_key_is_UNAUTHENTICATED_and_never_trusted(string? authorization)
    {
        var verifier = Verifier(TimeSpan.FromSeconds(30), new ManualClock());
        var refused = await Assert.ThrowsAsync<RpcException>(() => verifier.VerifyAsync(authorization, default));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Intake_unreachable_is_UNAVAILABLE()
    {
        var factory = Clients(new Uri("http://127.0.0.1:1"), new GrpcClientPolicy { MaxRetryAttempts = 0 });
        var verifier = new IntakeCallerVerifier(factory, new CallerVerification(TimeSpan.Zero), TimeProvider.System);
        var refused = await Assert.ThrowsAsync<RpcException>(() => verifier.VerifyAsync("Bearer " + StubUpstream.OperatorKey, default));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
