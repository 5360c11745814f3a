using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Reconciler.Narrative;

namespace BudgetMesh.Reconciler.Tests.Narrative;

public sealed class FigureExtractorTests
{
    private static IReadOnlyList<Figure> Figures(BudgetPackage package) =>
        FigureExtractor.Extract(NarrativeDocument.Parse(package.Narrative.Text), new TableFacts(package.Tables));

    private static Figure Single(IReadOnlyList<Figure> figures, QuantityKind kind, Scope scope, string detail = "", FigureRole role = FigureRole.Value, string fund = "") =>
        Assert.Single(figures, f => f.Role == role && f.Quantity == new Quantity(kind, scope, detail, fund));

    [Theory]
    [InlineData("1802.64万元", "1802.64", 1802.64, "TenThousandYuan")]
    [InlineData("2.5亿元", "2.5", 25000, "TenThousandYuan")]
    [InlineData("96万", "96", 96, "TenThousandYuan")]
    [InlineData("3500元", "3500", 3500, "Yuan")]
    [InlineData("12.5%", "12.5", 12.5, "Percent")]
    [InlineData("3辆", "3", 3, "Vehicles")]
    public void A_number_match_splits_into_printed_value_and_unit(string match, string printed, double value, string unit)
    {
        var read = FigureExtractor.ReadNumber(match);

        Assert.Equal((printed, (decimal)value, Enum.Parse<FigureUnit>(unit)), read);
    }

    [Theory]
    [InlineData(SeedPackages.Seed000, 52)]
    [InlineData(SeedPackages.Seed001, 41)]
    [InlineData(SeedPackages.Seed002, 54)]
    public void Every_figure_of_every_seed_is_bound(string seed, int count)
    {
        var figures = Figures(SeedPackages.Load(seed));

        Assert.Equal(count, figures.Count);
        Assert.All(figures, f => Assert.NotNull(f.Quantity));
    }

    [Fact]
    public void Seed_001_binds_totals_classes_basic_project_and_year_on_year_changes()
    {
        var figures = Figures(SeedPackages.Load(SeedPackages.Seed001));

        Assert.Equal(2686.02m, Single(figures, QuantityKind.IncomeTotal, Scope.Department).Value);
        Assert.Equal(2686.02m, Single(figures, QuantityKind.IncomeBySource, Scope.Department, "general_budget").Value);
        Assert.Equal(2686.02m, Single(figures, QuantityKind.ExpenditureTotal, Scope.Department).Value);
        var classes = figures.Where(f => f.Quantity?.Kind == QuantityKind.FunctionClass).Select(f => (f.Quantity!.Detail, f.Value)).ToList();
        Assert.Equal([("201", 2686.02m), ("201", 2224.07m), ("208", 287.41m), ("210", 77.94m), ("221", 96.6m)], classes);
        Assert.Equal(2686.02m, Single(figures, QuantityKind.IncomeBySource, Scope.Fiscal, "general_budget").Value);
        Assert.Equal(2686.02m, Single(figures, QuantityKind.ExpenditureByFund, Scope.Fiscal, "general_budget").Value);
        Assert.Equal(1802.64m, Single(figures, QuantityKind.Basic, Scope.Fiscal).Value);
        Assert.Equal(883.38m, Single(figures, QuantityKind.Project, Scope.Fiscal).Value);

        var income = Single(figures, QuantityKind.IncomeTotal, Scope.Department, role: FigureRole.Change);
        Assert.Equal((1457.83m, 1), (income.Value, income.Direction!.Value));
        var basic = Single(figures, QuantityKind.Basic, Scope.Fiscal, role: FigureRole.Change);
        Assert.Equal((722.06m, 1), (basic.Value, basic.Direction!.Value));
        Assert.Equal(1457.83m, Single(figures, QuantityKind.ExpenditureByFund, Scope.Fiscal, "general_budget", FigureRole.Change).Value);
    }

    [Fact]
    public void Seed_001_binds_operating_procurement_coverage_vehicles_and_leaves_三公_to_its_service()
    {
        var figures = Figures(SeedPackages.Load(SeedPackages.Seed001));

        Assert.Equal(392.1m, Single(figures, QuantityKind.AgencyOperating, Scope.Fiscal).Value);
        Assert.Equal(41.4m, Single(figures, QuantityKind.Procurement, Scope.Department).Value);
        Assert.Equal(32.6m, Single(figures, QuantityKind.Procurement, Scope.Department, "goods").Value);
        Assert.Equal(8.8m, Single(figures, QuantityKind.Procurement, Scope.Department, "services", fund: "general_budget").Value);
        // "涉及一般公共预算当年财\n\n政拨款 883.38 万元": broken over a page break and still read.
        Assert.Equal(883.38m, Single(figures, QuantityKind.PerformanceCoverage, Scope.Fiscal).Value);
        Assert.Equal(6m, Single(figures, QuantityKind.Vehicles, Scope.Department, "held").Value);
        Assert.Equal(0m, Single(figures, QuantityKind.Vehicles, Scope.Department, "purchase/enforcement").Value);
        Assert.Equal(8, figures.Count(f => f.Quantity?.Kind == QuantityKind.ThreePublic));
    }

    [Fact]
    public void Seed_000_binds_every_income_source_and_the_education_class_it_does_not_print()
    {
        var figures = Figures(SeedPackages.Load(SeedPackages.Seed000));

        foreach (var source in new[] { "government_fund", "state_capital", "institution_income", "operating_income", "other_income" })
        {
            Assert.Equal(0m, Single(figures, QuantityKind.IncomeBySource, Scope.Department, source).Value);
        }

        Assert.Equal(0m, Single(figures, QuantityKind.FunctionClass, Scope.Department, "205").Value);
        Assert.Equal(1690.77m, Single(figures, QuantityKind.FunctionClass, Scope.Department, "201").Value);
        Assert.Equal(309.17m, Single(figures, QuantityKind.AgencyOperating, Scope.Fiscal).Value);
        var project = figures.Where(f => f.Role == FigureRole.Change && f.Quantity == new Quantity(QuantityKind.Project, Scope.Department)).ToList();
        Assert.Equal([(1592.37m, -1), (1592.37m, -1)], project.Select(f => (f.Value, f.Direction!.Value)));
    }

    [Fact]
    public void Seed_002_binds_the_class_name_broken_over_a_page_break_and_the_fund_statements()
    {
        var figures = Figures(SeedPackages.Load(SeedPackages.Seed002));

        Assert.Equal(68.54m, Single(figures, QuantityKind.FunctionClass, Scope.Department, "208").Value);
        Assert.Equal(0m, Single(figures, QuantityKind.IncomeBySource, Scope.Fiscal, "government_fund").Value);
        Assert.Equal(0m, Single(figures, QuantityKind.ExpenditureByFund, Scope.Fiscal, "government_fund").Value);
        Assert.Equal(261.96m, Single(figures, QuantityKind.AgencyOperating, Scope.Fiscal).Value);
        Assert.Equal(1m, Single(figures, QuantityKind.Vehicles, Scope.Department, "held").Value);
    }

    [Fact]
    public void A_line_break_inside_a_number_is_read_as_one_number()
    {
        var package = SeedPackages.WithNarrative(SeedPackages.Seed001, "一般公共服务支出 2224.07 万元", "一般公共服务支出 2224.\n07 万元");

        var figure = Figures(package).Where(f => f.Quantity?.Kind == QuantityKind.FunctionClass).ElementAt(1);

        Assert.Equal(2224.07m, figure.Value);
        Assert.Equal("201", figure.Quantity!.Detail);
    }

    [Fact]
    public void Thousands_separators_full_width_digits_and_元_are_read()
    {
        var package = SeedPackages.WithNarrative(SeedPackages.Seed000, "2025年年初预算数2132.83万元，其中：一般公共预算拨款2132.83万元", "2025年年初预算数2,132.83万元，其中：一般公共预算拨款２１３２．８３万元");
        package = SeedPackages.WithNarrative(package, "住房保障支出预算100.96万元", "住房保障支出预算1,009,600元");

        var figures = Figures(package);

        Assert.Equal(2132.83m, Single(figures, QuantityKind.IncomeTotal, Scope.Department).Value);
        Assert.Equal(2132.83m, Single(figures, QuantityKind.IncomeBySource, Scope.Department, "general_budget").Value);
        var housing = Single(figures, QuantityKind.FunctionClass, Scope.Department, "221");
        Assert.Equal((1009600m, FigureUnit.Yuan, 100.96m), (housing.Value, housing.Unit, housing.InTenThousand));
    }

    [Fact]
    public void A_percentage_change_and_a_share_are_bound_to_the_figure_before_them()
    {
        var package = SeedPackages.WithNarrative(SeedPackages.Seed000, "其中：基本支出1542.83万元，比2024年增加35.92万元", "其中：基本支出1542.83万元，占支出总额的72.3%，比2024年增加35.92万元，增长２．４％");

        var figures = Figures(package);

        var share = Assert.Single(figures, f => f.Role == FigureRole.Share);
        Assert.Equal((72.3m, 1542.83m), (share.Value, share.ShareOf!.Value));
        Assert.Equal(new Quantity(QuantityKind.ExpenditureTotal, Scope.Fiscal), share.ShareBase);
        var growth = Assert.Single(figures, f => f.Role == FigureRole.Change && f.Unit == FigureUnit.Percent);
        Assert.Equal((2.4m, 1, new Quantity(QuantityKind.Basic, Scope.Fiscal)), (growth.Value, growth.Direction!.Value, growth.Quantity));
    }
}
