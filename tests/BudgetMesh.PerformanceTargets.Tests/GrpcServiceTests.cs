using Microsoft.Extensions.DependencyInjection;
using BudgetMesh.Testing;
using BudgetMesh.Callers;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.ServiceDefaults.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.PerformanceTargets.Tests;

/// <summary>The real app, started in-process on a free port, called over h2c with a generated typed client.</summary>
public sealed class PerformanceTargetsServer : IAsyncLifetime
{
    private WebApplication? _app;

    private GrpcPeerChannel? _channel;

    public PerformanceTargetsService.PerformanceTargetsServiceClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = PerformanceTargetsApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [GrpcHostingExtensions.PortVariable] = "0",
            });
            builder.Services.AddSingleton<ICallerVerifier, FakeCallers>();
        });
        await _app.StartAsync();
        _channel = new GrpcPeerChannel(_app.GrpcAddress());
        Client = new PerformanceTargetsService.PerformanceTargetsServiceClient(_channel.CallInvoker);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class GrpcServiceTests(PerformanceTargetsServer server) : IClassFixture<PerformanceTargetsServer>
{
    private Task<CheckTargetsResponse> Call(CheckTargetsRequest request) =>
        server.Client.CheckTargetsAsync(request, FakeCallers.Headers(FakeCallers.Operator), DateTime.UtcNow.AddSeconds(20)).ResponseAsync;

    [Theory]
    [InlineData(null, StatusCode.Unauthenticated)]
    [InlineData("bm_nobody_ZZZZZZZZZZZZZZZZZZZZ", StatusCode.Unauthenticated)]
    [InlineData(FakeCallers.District, StatusCode.PermissionDenied)]
    public async Task Checking_takes_an_operator_key(string? key, StatusCode expected)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.CheckTargetsAsync(Seeds.Request(Seeds.Two), FakeCallers.Headers(key), DateTime.UtcNow.AddSeconds(20)).ResponseAsync);
        Assert.Equal(expected, refused.StatusCode);
    }

    [Fact]
    public async Task Seed_002_over_gRPC_reports_every_rule_and_its_coverage_gap_with_locations()
    {
        var response = await Call(Seeds.Request(Seeds.Two));

        Assert.Equal(Rules.RuleIds.All, response.Results.Select(r => r.RuleId));
        Assert.All(response.Results, r => Assert.Equal("performance", r.Owner));
        var coverage = response.Results.Single(r => r.RuleId == "P1-COVERAGE");
        Assert.Equal(Outcome.Fail, coverage.Outcome);
        var finding = Assert.Single(coverage.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("1409.57", finding.Message, StringComparison.Ordinal);
        Assert.Contains("1600.00", finding.Message, StringComparison.Ordinal);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Gf && l.RowIndex == -1 && l.Column == "project");
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Xj && l.Project == "中心运行费");

        var narrative = Assert.Single(response.Results.Single(r => r.RuleId == "P1-NARRATIVE").Findings);
        var span = narrative.Locations.Single(l => l.Table == TableKey.Nar).Span;
        Assert.Contains("1600 万元", Seeds.Package(Seeds.Two).Narrative.Text.Substring(span.Start, span.Length), StringComparison.Ordinal);

        var level = Assert.Single(response.Results.Single(r => r.RuleId == "P2-LEVELS").Findings);
        Assert.Equal((Severity.Error, TableKey.Zt, 1, "level1"), (level.Severity, level.Locations[0].Table, level.Locations[0].RowIndex, level.Locations[0].Column));
    }

    [Fact]
    public async Task Seed_000_over_gRPC_points_at_the_rate_cells_measured_in_times()
    {
        var response = await Call(Seeds.Request(Seeds.Zero));

        var rate = response.Results.Single(r => r.RuleId == "P3-RATE");
        Assert.Equal(Outcome.Fail, rate.Outcome);
        Assert.Equal([3, 5], rate.Findings.Select(f => f.Locations[0].RowIndex));
        Assert.All(rate.Findings, f => Assert.Equal((TableKey.Xj, "区政府重要会议活动经费", "unit"), (f.Locations[0].Table, f.Locations[0].Project, f.Locations[0].Column)));
        var cost = Assert.Single(response.Results.Single(r => r.RuleId == "P5-COST").Findings);
        Assert.Equal(("≤13.00", "15.00", "万元"), (cost.Expected, cost.Actual, cost.Unit));
    }

    [Fact]
    public async Task Rules_that_cannot_run_say_why_and_unreadable_cells_ask_for_review()
    {
        var request = Seeds.Request(Seeds.One);
        request.Narrative = null;
        request.ProjectExpenditureTotal = "—";
        foreach (var indicator in request.Overall.Indicators.Concat(request.Projects.SelectMany(p => p.Indicators)))
        {
            indicator.ClearWeight();
        }

        var response = await Call(request);

        var notApplicable = response.Results.Where(r => r.Outcome == Outcome.NotApplicable).ToDictionary(r => r.RuleId, r => r.Note);
        Assert.Equal("未提供情况说明", notApplicable["P1-NARRATIVE"]);
        Assert.Equal("各项目绩效目标表均未印指标权重", notApplicable["P4-PROJECT-WEIGHTS"]);
        Assert.Equal("整体绩效目标表未印指标权重", notApplicable["P4-OVERALL-WEIGHTS"]);
        Assert.Contains("P1-FUNDS", notApplicable.Keys);
        Assert.All(notApplicable.Values, note => Assert.False(string.IsNullOrWhiteSpace(note)));

        var coverage = response.Results.Single(r => r.RuleId == "P1-COVERAGE");
        Assert.Equal(Outcome.Review, coverage.Outcome);
        Assert.Contains("“—”", Assert.Single(coverage.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_package_unit_is_refused_with_a_field_violation()
    {
        var request = Seeds.Request(Seeds.Two);
        request.PackageUnit = AmountUnit.Unspecified;
        request.BudgetYear = 23;

        var error = await Assert.ThrowsAsync<RpcException>(() => Call(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["package_unit", "budget_year"], error.FieldViolations().Select(v => v.Field));
        Assert.All(error.FieldViolations(), v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
    }

    [Fact]
    public async Task An_empty_request_is_answered_with_every_rule_not_applicable()
    {
        var response = await Call(new CheckTargetsRequest { BudgetYear = 2025, PackageUnit = AmountUnit.TenThousandYuan });

        Assert.Equal(11, response.Results.Count);
        Assert.All(response.Results, r => Assert.Equal(Outcome.NotApplicable, r.Outcome));
        Assert.All(response.Results, r => Assert.NotEmpty(r.Note));
    }
}
