using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Contracts.Tests;

/// <summary>Acceptance 5: every seed fixture is a valid package in protobuf's JSON mapping and survives round trips.</summary>
public sealed class FixtureRoundTripTests
{
    public static TheoryData<string> Fixtures() => SeedFiles.Fixtures();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_parses_strictly_into_a_budget_package(string fixture)
    {
        var package = SeedFiles.StrictParser.Parse<BudgetPackage>(SeedFiles.ReadFixtureJson(fixture));

        Assert.NotNull(package.Header);
        Assert.NotNull(package.Narrative);
        Assert.NotNull(package.Tables);
    }

    [Fact]
    public void The_strict_parser_rejects_an_unknown_field()
    {
        Assert.Throws<InvalidProtocolBufferException>(() =>
            SeedFiles.StrictParser.Parse<BudgetPackage>("""{"header":{"districtCode":"500107","noSuchField":1}}"""));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_json_round_trip_is_lossless(string fixture)
    {
        var package = SeedFiles.StrictParser.Parse<BudgetPackage>(SeedFiles.ReadFixtureJson(fixture));

        var json = new JsonFormatter(JsonFormatter.Settings.Default).Format(package);
        var again = SeedFiles.StrictParser.Parse<BudgetPackage>(json);

        Assert.Equal(package, again);
        Assert.Equal(json, new JsonFormatter(JsonFormatter.Settings.Default).Format(again));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_binary_round_trip_is_lossless(string fixture)
    {
        var package = SeedFiles.StrictParser.Parse<BudgetPackage>(SeedFiles.ReadFixtureJson(fixture));

        var again = BudgetPackage.Parser.ParseFrom(package.ToByteArray());

        Assert.Equal(package, again);
    }
}
