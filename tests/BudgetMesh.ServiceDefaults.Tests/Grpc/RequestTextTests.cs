using BudgetMesh.ServiceDefaults.Grpc;
using Google.Rpc;
using Grpc.Core;

namespace BudgetMesh.ServiceDefaults.Tests.Grpc;

public sealed class RequestTextTests
{
    [Theory]
    [InlineData("退回\u0000意见", "U+0000")]
    [InlineData("\u001b[31m红色", "U+001B")]
    public void A_control_character_is_refused_naming_the_field_and_the_character(string text, string character)
    {
        var refused = Assert.Throws<RpcException>(() => RequestText.Optional(text, "comment"));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(Violations(refused));
        Assert.Equal("comment", violation.Field);
        Assert.Contains(character, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused()
    {
        var refused = Assert.Throws<RpcException>(() => RequestText.Optional(new string('预', 201), "query", 200));
        Assert.Equal("query", Assert.Single(Violations(refused)).Field);
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
        var refused = Assert.Throws<RpcException>(() => RequestText.Required(" ", "reason", "撤回必须填写理由"));
        Assert.Equal("撤回必须填写理由", refused.Status.Detail);
        Assert.Equal("reason", Assert.Single(Violations(refused)).Field);
    }

    private static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? throw new InvalidOperationException("no BadRequest details");
}
