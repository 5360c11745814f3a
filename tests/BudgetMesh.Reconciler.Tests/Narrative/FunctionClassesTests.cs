using BudgetMesh.Reconciler.Narrative;

namespace BudgetMesh.Reconciler.Tests.Narrative;

public sealed class FunctionClassesTests
{
    [Theory]
    [InlineData("教育支出预算", "205")]
    [InlineData("社会保障和就业支出", "208")]
    [InlineData("其中:社会保障和就业支出", "208")]
    [InlineData("国有资本经营预算支出", null)]
    [InlineData("预备费", null)]
    [InlineData("基本支出", null)]
    [InlineData("收入", null)]
    public void A_label_names_the_longest_catalog_class_it_contains(string label, string? code)
    {
        Assert.Equal(code, FunctionClasses.Find(label, [])?.Code);
    }

    [Fact]
    public void A_class_name_printed_by_the_tables_is_found_even_without_支出()
    {
        (string, string)[] printed = [("229", "其他事务费用")];

        Assert.Equal(("229", "其他事务费用"), FunctionClasses.Find("其他事务费用安排", printed));
        Assert.Equal("201", FunctionClasses.Find("一般公共服务支出", [("201", "一般公共服务")])?.Code);
    }
}
