using BudgetMesh.Classification.Catalogs;

namespace BudgetMesh.Classification.Tests.Catalogs;

public sealed class NameNormalizerTests
{
    [Theory]
    [InlineData("政府办公厅（室）及相关机构事务", "政府办公厅(室)及相关机构事务")]
    [InlineData("  行政运行", "行政运行")]
    [InlineData("机关事业单位基本养老保 险缴费支出", "机关事业单位基本养老保险缴费支出")]
    [InlineData("其他行政事业单位医疗支\n出", "其他行政事业单位医疗支出")]
    [InlineData("维修（护）费", "维修(护)费")]
    [InlineData("行政运行\u3000", "行政运行")]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    public void Printing_differences_normalise_to_the_same_name(string printed, string catalog) =>
        Assert.Equal(NameNormalizer.Normalize(catalog), NameNormalizer.Normalize(printed));

    [Theory]
    [InlineData("一般公共预算支出", "一般公共服务支出")]
    [InlineData("维修费", "维修（护）费")]
    [InlineData("机关资本性支出", "机关资本性支出（一）")]
    [InlineData("行政运行费", "行政运行")]
    [InlineData("政府办公厅【室】及相关机构事务", "政府办公厅（室）及相关机构事务")]
    public void Different_words_stay_different(string printed, string catalog) =>
        Assert.NotEqual(NameNormalizer.Normalize(catalog), NameNormalizer.Normalize(printed));

    [Fact]
    public void An_empty_or_missing_name_normalises_to_empty()
    {
        Assert.Equal(string.Empty, NameNormalizer.Normalize(null));
        Assert.Equal(string.Empty, NameNormalizer.Normalize(" \n "));
    }
}
