using BudgetMesh.Console.Html;

namespace BudgetMesh.Console.Tests;

/// <summary>How recorded actors read in the console: name and Chinese role, whichever service wrote them.</summary>
public sealed class WordsTests
{
    [Theory]
    [InlineData("财政局审核员 (operator)", "财政局审核员（操作员）")]
    [InlineData("财政局审核员 (operator key op7)", "财政局审核员（操作员）")]
    [InlineData("初始管理员 (admin)", "初始管理员（管理员）")]
    [InlineData("校核服务 (service)", "校核服务（系统服务）")]
    [InlineData("发布服务 (service key s1)", "发布服务（系统服务）")]
    [InlineData("九龙坡区一体化系统 (district 500107)", "九龙坡区一体化系统（区县系统 500107）")]
    [InlineData("九龙坡区一体化系统 (district key k9)", "九龙坡区一体化系统（区县系统）")]
    [InlineData("reconciler", "校核服务")]
    public void An_actor_reads_as_name_and_Chinese_role(string recorded, string shown) =>
        Assert.Equal(shown, Words.Actor(recorded));
}
