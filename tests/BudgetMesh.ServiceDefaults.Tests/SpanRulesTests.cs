using System.Diagnostics;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>Which requests become spans, how a gRPC server span is named and judged, and the one-client-span rule.</summary>
public sealed class SpanRulesTests : IDisposable
{
    private const string SourceName = "BudgetMesh.SpanRulesTests";
    private static readonly ActivitySource Source = new(SourceName);
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public SpanRulesTests() => ActivitySource.AddActivityListener(_listener);

    [Theory]
    [InlineData("/health/ready", false)]
    [InlineData("/health/live", false)]
    [InlineData("/grpc.health.v1.Health/Check", false)]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", false)]
    [InlineData("/budgetmesh.intake.v1.IntakeService/SubmitPackage", true)]
    [InlineData("/submissions/1", true)]
    public void Probes_and_tooling_are_not_traced_and_everything_else_is(string path, bool traced)
    {
        var context = new DefaultHttpContext { Request = { Path = path } };

        Assert.Equal(traced, SpanRules.IsTraced(context));
    }

    [Theory]
    [InlineData("5", null)] // NOT_FOUND: an answer about the request
    [InlineData("3", null)] // INVALID_ARGUMENT
    [InlineData("9", null)] // FAILED_PRECONDITION
    [InlineData("0", null)]
    [InlineData("14", ActivityStatusCode.Error)] // UNAVAILABLE: the server failed
    [InlineData("13", ActivityStatusCode.Error)] // INTERNAL
    [InlineData("4", ActivityStatusCode.Error)] // DEADLINE_EXCEEDED
    public void A_grpc_server_span_is_named_by_its_rpc_and_is_an_error_only_for_the_servers_own_failures(string grpcStatus, ActivityStatusCode? expected)
    {
        using var activity = Source.StartActivity("POST /budgetmesh.intake.v1.IntakeService/GetSubmission", ActivityKind.Server)!;
        activity.SetTag("grpc.status_code", grpcStatus);
        var context = new DefaultHttpContext { Request = { Path = "/budgetmesh.intake.v1.IntakeService/GetSubmission", ContentType = "application/grpc" } };

        SpanRules.EnrichServerSpan(activity, context.Response);

        Assert.Equal("budgetmesh.intake.v1.IntakeService/GetSubmission", activity.DisplayName);
        Assert.Equal("grpc", activity.GetTagItem("rpc.system"));
        Assert.Equal("budgetmesh.intake.v1.IntakeService", activity.GetTagItem("rpc.service"));
        Assert.Equal("GetSubmission", activity.GetTagItem("rpc.method"));
        Assert.Equal(int.Parse(grpcStatus, System.Globalization.CultureInfo.InvariantCulture), activity.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(expected ?? ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public void A_trailers_only_status_in_the_response_headers_is_read_too_and_a_web_request_keeps_its_name()
    {
        using var grpc = Source.StartActivity("POST", ActivityKind.Server)!;
        var call = new DefaultHttpContext { Request = { Path = "/budgetmesh.reconciler.v1.ReconcilerService/GetReport", ContentType = "application/grpc+proto" } };
        call.Response.Headers["grpc-status"] = "12";
        using var web = Source.StartActivity("GET /submissions/{id}", ActivityKind.Server)!;
        var page = new DefaultHttpContext { Request = { Path = "/submissions/1" } };

        SpanRules.EnrichServerSpan(grpc, call.Response);
        SpanRules.EnrichServerSpan(web, page.Response);

        Assert.Equal(ActivityStatusCode.Error, grpc.Status);
        Assert.Equal("GET /submissions/{id}", web.DisplayName);
        Assert.Null(web.GetTagItem("rpc.system"));
    }

    [Fact]
    public void An_http_request_under_an_rpcs_client_span_is_the_same_call_and_gets_no_second_client_span()
    {
        Assert.False(SpanRules.IsInsideAnotherClientSpan());
        using (Source.StartActivity("publish disclosure", ActivityKind.Internal))
        {
            Assert.False(SpanRules.IsInsideAnotherClientSpan());
        }

        using (Source.StartActivity("budgetmesh.classification.v1.ClassificationService/CheckCodes", ActivityKind.Client))
        {
            Assert.True(SpanRules.IsInsideAnotherClientSpan());
        }
    }

    [Fact]
    public void Database_commands_are_traced_only_inside_a_recorded_span()
    {
        Assert.False(SpanRules.IsWithinRecordedSpan());
        using var span = Source.StartActivity("consume");
        Assert.True(SpanRules.IsWithinRecordedSpan());
    }

    [Fact]
    public void The_outbox_publish_span_is_named_by_the_message()
    {
        // The contract's own message name, as every service sees it on the wire.
        Assert.Equal("budgetmesh.test.thing-changed.v1", OutboxRelay.MessageName(new OutboxMessageTypes([typeof(ThingChanged)]).UrnOf(typeof(ThingChanged))));
        Assert.Equal("BudgetSubmitted", OutboxRelay.MessageName("urn:message:BudgetMesh.Contracts.Events:BudgetSubmitted"));
    }

    public void Dispose() => _listener.Dispose();
}
