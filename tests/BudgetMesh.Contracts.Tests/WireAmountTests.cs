using BudgetMesh.Contracts.Budget;

namespace BudgetMesh.Contracts.Tests;

public sealed class WireAmountTests
{
    [Theory]
    [InlineData("1234.50", "1234.50")]
    [InlineData("-0.01", "-0.01")]
    [InlineData("0", "0")]
    [InlineData("0.00", "0.00")]
    [InlineData(" 12.5 ", "12.5")]
    [InlineData("1,234.50", "1234.50")]
    [InlineData("1，234.50", "1234.50")]
    [InlineData("1234567890123456789.01", "1234567890123456789.01")]
    public void Reads_a_number_keeping_its_printed_scale(string text, string expected)
    {
        Assert.True(WireAmount.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("XX")]
    [InlineData(".")]
    [InlineData("—")]
    [InlineData("1e3")]
    [InlineData("12万")]
    public void Anything_else_is_not_a_number(string? text)
    {
        Assert.False(WireAmount.TryParse(text, out var value));
        Assert.Equal(0m, value);
    }
}
