namespace BudgetMesh.Grpc.Tests.Server;

public sealed class RequestTextTests
{
    [Theory]
    [InlineData("退回\u0000意见", "U+0000")]
    [InlineData("\u001b[31m红色", "U+001B")]
    public void A_control_character_is_refused_naming_the_field_and_the_character(string text, string character)
    {
        var refused = Assert.Throws<GrpcStatusException>(() => RequestText.Optional(text, "comment"));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(refused.FieldViolations);
        Assert.Equal("comment", violation.Field);
        Assert.Contains(character, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused()
    {
        var refused = Assert.Throws<GrpcStatusException>(() => RequestText.Optional(new string('预', 201), "query", 200));
        Assert.Equal("query", Assert.Single(refused.FieldViolations).Field);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("  第一行\n第二行\t附注  ", "第一行\n第二行\t附注")]
    public void Blank_is_absent_and_line_breaks_and_tabs_are_kept(string text, string? expected) =>
        Assert.Equal(expected, RequestText.Optional(text, "comment"));

    [Fact]
    public void A_required_text_that_is_blank_is_refused_with_the_callers_message()
    {
        var refused = Assert.Throws<GrpcStatusException>(() => RequestText.Required(" ", "reason", "撤回必须填写理由"));
        Assert.Equal("撤回必须填写理由", refused.Detail);
        Assert.Equal("reason", Assert.Single(refused.FieldViolations).Field);
    }
}
