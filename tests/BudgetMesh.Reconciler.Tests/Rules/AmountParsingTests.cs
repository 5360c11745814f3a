using System.Globalization;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>The allocation-free reading of plain amounts gives what the general reading gives, scale included.</summary>
public sealed class AmountParsingTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.00")]
    [InlineData("-0.00")]
    [InlineData("1")]
    [InlineData("1.50")]
    [InlineData("-2132.83")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("5.")]
    [InlineData("007.1000")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456789")]
    [InlineData("99999999999999.9999")]
    [InlineData("1,234.5")]
    [InlineData(" 12.3 ")]
    [InlineData("+4")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("XX")]
    [InlineData("")]
    [InlineData("   ")]
    public void A_printed_amount_reads_as_the_general_decimal_parse_reads_it(string printed)
    {
        var text = printed.Trim().Replace(",", string.Empty, StringComparison.Ordinal);
        var amount = Amount.Parse(printed);

        if (printed.Trim().Length == 0)
        {
            Assert.True(amount.IsBlank);
        }
        else if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var expected))
        {
            Assert.True(amount.IsNumber);
            Assert.Equal(decimal.GetBits(expected), decimal.GetBits(amount.Value));
        }
        else
        {
            Assert.True(amount.IsUnparseable);
        }
    }
}
