using BudgetMesh.Contracts.Text;

namespace BudgetMesh.Contracts.Tests;

public sealed class NormalizedTextTests
{
    [Fact]
    public void A_slice_maps_to_the_original_after_dropped_spaces_and_thousands_separators()
    {
        const string original = "收入 2,132.83 万元。\n支出２，１３２．８３万元。";
        var norm = NormalizedText.Create(original, [(0, original.Length)]);

        Assert.Equal("收入2132.83万元。支出2132.83万元。", norm.Text);
        var second = norm.Slice(12, 12);
        Assert.Equal("支出2132.83万元。", second.Text);
        Assert.Equal(original.IndexOf('支', StringComparison.Ordinal), second.OriginalIndex(0));
        var (start, length) = second.OriginalSpan(0, second.Text.Length);
        Assert.Equal("支出２，１３２．８３万元。", original.Substring(start, length));
        Assert.Equal((original.IndexOf('２', StringComparison.Ordinal), 3), second.OriginalSpan(2, 2));
    }

    [Fact]
    public void An_empty_slice_has_an_empty_span()
    {
        var norm = NormalizedText.Create("ab", [(0, 2)]);

        Assert.Equal((1, 0), norm.OriginalSpan(1, 0));
        Assert.Equal((0, 0), norm.Slice(2, 0).OriginalSpan(0, 0));
    }

    [Theory]
    [InlineData("比2024年增加29，000元。", "比2024年增加29000元。")]
    [InlineData("公务接待费22，000.50万元", "公务接待费22000.50万元")]
    [InlineData("第1，200项", "第1，200项")]
    [InlineData("分别为1，2，3", "分别为1，2，3")]
    public void A_full_width_comma_groups_thousands_only_before_a_decimal_point_or_a_unit_of_money(string original, string expected) =>
        Assert.Equal(expected, NormalizedText.Fold(original));
}
