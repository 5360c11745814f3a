using BudgetMesh.Reconciler.Rules;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>Which narrative sentence R18 quotes for an empty table.</summary>
public sealed class NarrativeSaysNoneTests
{
    [Theory]
    [InlineData("一、概况。本单位无使用政府性基金预算拨款安排的支出。其他。", "政府性基金", "本单位无使用政府性基金预算拨款安排的支出")]
    [InlineData("政府性基金预算支出 0 万元；\n  政府性基金收入为0.00万元。", "政府性基金", "政府性基金预算支出 0 万元")]
    [InlineData("本单位无财政拨款以外的收入，无很长很长很长的一段说明后才说到政府性基金。", "政府性基金", null)]
    [InlineData("国有资本经营预算支出 12 万元。国有资本经营预算支出为 0 万元。", "国有资本经营", "国有资本经营预算支出为 0 万元")]
    [InlineData("政府采购预算 5 万元。", "政府性基金", null)]
    public void The_sentence_that_says_none_is_quoted_trimmed(string narrative, string subject, string? expected)
    {
        Assert.Equal(expected, R18EmptyTables.NarrativeSaysNone(narrative, subject));
    }
}
