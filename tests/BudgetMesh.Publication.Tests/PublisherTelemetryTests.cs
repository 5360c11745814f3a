using System.Diagnostics;
using BudgetMesh.Publication.Publishing;

namespace BudgetMesh.Publication.Tests;

/// <summary>The background publisher continues the trace of the change that queued its work.</summary>
public sealed class PublisherTelemetryTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        // A name, not PublisherTelemetry.Source.Name: the listener is asked while that very source is being created.
        ShouldListenTo = source => source.Name == "BudgetMesh.Publication",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public PublisherTelemetryTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void The_span_of_queued_work_continues_the_trace_stored_with_it_and_names_the_submission()
    {
        var submission = Guid.NewGuid();
        using var approval = new Activity("approval").SetIdFormat(ActivityIdFormat.W3C).Start();
        var (traceParent, _) = PublisherTelemetry.Current();
        approval.Stop();

        using var work = PublisherTelemetry.Start(Record(submission, (string)traceParent));

        Assert.NotNull(work);
        Assert.Equal(approval.TraceId, work.TraceId);
        Assert.Equal(approval.SpanId, work.ParentSpanId);
        Assert.Equal("publish disclosure", work.DisplayName);
        Assert.Equal(submission.ToString(), work.GetTagItem("budgetmesh.submission_id"));
    }

    [Fact]
    public void Work_queued_outside_any_trace_starts_a_trace_of_its_own()
    {
        using var work = PublisherTelemetry.Start(Record(Guid.NewGuid(), null));

        Assert.NotNull(work);
        Assert.Equal(default, work.ParentSpanId);
        Assert.Equal("publish disclosure", work.DisplayName);
    }

    public void Dispose() => _listener.Dispose();

    private static PublicationRecord Record(Guid submission, string? traceParent) => new(
        submission, 1, "hash", States.Pending, 1, "500107", "九龙坡区", "701", "区政府办公室", "701001", "区政府办公室", 2025, "/500107/2025/701001/",
        [], "审核员甲", DateTimeOffset.UnixEpoch, null, null, [], null, null, null, null, null, 0, null, traceParent, null);
}
