using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Tests.Catalogs;

public sealed class BuiltInCatalogTests
{
    [Fact]
    public void One_built_in_edition_serves_2023_to_2026_with_one_version()
    {
        var versions = new[] { 2023, 2024, 2025, 2026 }.Select(y => Seeds.Catalog(y).Version).Distinct().ToList();
        Assert.Single(versions);
        Assert.Matches("^[0-9a-f]{16}$", versions[0]);
        Assert.Null(BuiltInCatalogs.Load().For(2022));
        Assert.Null(BuiltInCatalogs.Load().For(2027));
    }

    [Fact]
    public void Counts_cover_the_reference_data_and_the_seed_codes()
    {
        var counts = Seeds.Catalog().Counts();
        Assert.Equal(29, counts["function/1"]);
        Assert.Equal(44, counts["function/2"]);
        Assert.Equal(91, counts["function/3"]);
        Assert.Equal(10, counts["department-economic/1"]);
        Assert.Equal(102, counts["department-economic/2"]);
        Assert.Equal(15, counts["government-economic/1"]);
        Assert.Equal(60, counts["government-economic/2"]);
        Assert.Equal(102, counts["mapping"]);
    }

    [Theory]
    [InlineData("2101103", "公务员医疗补助")]
    [InlineData("2101199", "其他行政事业单位医疗支出")]
    [InlineData("2010303", "机关服务")]
    [InlineData("2010305", "专项业务及机关事务管理")]
    [InlineData("2010306", "政务公开审批")]
    public void Codes_the_seeds_print_beyond_the_reference_data_are_from_seed_entries(string code, string name)
    {
        var entry = Seeds.Catalog().Find(Scheme.Function, code);
        Assert.NotNull(entry);
        Assert.Equal(name, entry.Name);
        Assert.Equal("from_seed", entry.Provenance);
    }

    [Fact]
    public void Provenance_keeps_what_was_read_and_what_was_inferred()
    {
        var catalog = Seeds.Catalog();
        Assert.Equal("read_in_source", catalog.Find(Scheme.Function, "2010301")!.Provenance);
        Assert.Equal("inferred", catalog.Find(Scheme.Function, "20101")!.Provenance);
        // Inferred in the reference data, printed by seed 000: now read in a source.
        Assert.Equal("read_in_source", catalog.Find(Scheme.GovernmentEconomic, "50306")!.Provenance);
        Assert.Equal(["机关资本性支出"], catalog.Find(Scheme.GovernmentEconomic, "503")!.PrintedVariants);
    }

    [Fact]
    public void Completeness_marks_only_what_the_sources_claim()
    {
        var catalog = Seeds.Catalog();
        Assert.True(catalog.IsComplete(Scheme.Function, ""));
        Assert.False(catalog.IsComplete(Scheme.Function, "201"));
        Assert.False(catalog.IsComplete(Scheme.Function, "20103"));
        foreach (var branch in new[] { "301", "302", "303", "309", "310" })
        {
            Assert.True(catalog.IsComplete(Scheme.DepartmentEconomic, branch));
        }

        Assert.False(catalog.IsComplete(Scheme.DepartmentEconomic, ""));
        Assert.False(catalog.IsComplete(Scheme.DepartmentEconomic, "399"));
        Assert.False(catalog.IsComplete(Scheme.GovernmentEconomic, ""));
        Assert.False(catalog.IsComplete(Scheme.GovernmentEconomic, "501"));
    }

    [Fact]
    public void The_mapping_carries_the_agency_and_the_public_institution_targets()
    {
        var catalog = Seeds.Catalog();
        Assert.Equal(new EconomicMapping("30101", "50101", "50501"), catalog.Mapping("30101"));
        Assert.Equal(new EconomicMapping("30228", "50201", "50502"), catalog.Mapping("30228"));
        Assert.Equal(new EconomicMapping("30302", "50905", "50905"), catalog.Mapping("30302"));
        Assert.Equal(new EconomicMapping("30311", "", ""), catalog.Mapping("30311"));
    }

    [Fact]
    public void The_version_changes_with_the_content_and_only_with_it()
    {
        var content = Seeds.Content();
        Assert.Equal(Catalog.Build(content).Version, Catalog.Build(content.Clone()).Version);

        var changed = content.Clone();
        var entry = changed.Schemes[Scheme.Function].Entries["2010301"];
        changed.Schemes[Scheme.Function].Entries["2010301"] = entry with { Name = "行政运行费" };
        Assert.NotEqual(Catalog.Build(content).Version, Catalog.Build(changed).Version);
    }

    [Fact]
    public void Children_are_listed_in_code_order()
    {
        var children = Seeds.Catalog().Children(Scheme.Function, "20103").Select(e => e.Code);
        Assert.Equal(["2010301", "2010302", "2010303", "2010305", "2010306", "2010350", "2010399"], children);
        Assert.Equal(29, Seeds.Catalog().Children(Scheme.Function, "").Count);
    }
}
