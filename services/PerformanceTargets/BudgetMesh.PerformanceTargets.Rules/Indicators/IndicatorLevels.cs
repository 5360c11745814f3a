using BudgetMesh.Contracts.Text;

namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>一级指标.</summary>
internal enum Level1
{
    Output,
    Benefit,
    Satisfaction,
    Cost,
}

/// <summary>The indicator tree of rules.md P2 and the many ways tables spell its names.</summary>
internal static class IndicatorLevels
{
    public static string Name(Level1 level) => level switch
    {
        Level1.Output => "产出",
        Level1.Benefit => "效益",
        Level1.Satisfaction => "满意度",
        Level1.Cost => "成本",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The 二级 names each 一级 allows (canonical spelling, without "指标").</summary>
    public static IReadOnlyList<string> Children(Level1 level) => level switch
    {
        Level1.Output => ["数量", "质量", "时效", "成本"],
        Level1.Benefit => ["经济效益", "社会效益", "生态效益", "可持续影响"],
        Level1.Satisfaction => ["服务对象满意度"],
        Level1.Cost => ["经济成本", "社会成本", "生态环境成本"],
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    private static readonly Dictionary<string, Level1> Level1Names = new(StringComparer.Ordinal)
    {
        ["产出"] = Level1.Output,
        ["效益"] = Level1.Benefit,
        ["满意度"] = Level1.Satisfaction,
        ["成本"] = Level1.Cost,
    };

    // Spellings seen in real tables that mean the same 二级 as the canonical name.
    private static readonly Dictionary<string, (string Name, Level1 Parent)> Level2Names = new(StringComparer.Ordinal)
    {
        ["数量"] = ("数量", Level1.Output),
        ["质量"] = ("质量", Level1.Output),
        ["时效"] = ("时效", Level1.Output),
        ["成本"] = ("成本", Level1.Output),
        ["产出成本"] = ("成本", Level1.Output),
        ["经济效益"] = ("经济效益", Level1.Benefit),
        ["社会效益"] = ("社会效益", Level1.Benefit),
        ["生态效益"] = ("生态效益", Level1.Benefit),
        ["生态环境效益"] = ("生态效益", Level1.Benefit),
        ["可持续影响"] = ("可持续影响", Level1.Benefit),
        ["可持续发展"] = ("可持续影响", Level1.Benefit),
        ["可持续发展影响"] = ("可持续影响", Level1.Benefit),
        ["服务对象满意度"] = ("服务对象满意度", Level1.Satisfaction),
        ["社会公众或服务对象满意度"] = ("服务对象满意度", Level1.Satisfaction),
        ["社会公众满意度"] = ("服务对象满意度", Level1.Satisfaction),
        ["满意度"] = ("服务对象满意度", Level1.Satisfaction),
        ["经济成本"] = ("经济成本", Level1.Cost),
        ["社会成本"] = ("社会成本", Level1.Cost),
        ["生态环境成本"] = ("生态环境成本", Level1.Cost),
        ["生态成本"] = ("生态环境成本", Level1.Cost),
    };

    /// <summary>"社会效益指标" → "社会效益": the suffix is decoration, the width and spaces noise.</summary>
    public static string Stem(string? printed)
    {
        var s = NormalizedText.Canonical(printed);
        foreach (var suffix in new[] { "指标", "类" })
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
            }
        }

        return s;
    }

    public static Level1? ParseLevel1(string stem) => Level1Names.TryGetValue(stem, out var level) ? level : null;

    /// <summary>A 二级 name and the 一级 it belongs to; "成本" alone is the 产出 child.</summary>
    public static (string Name, Level1 Parent)? ParseLevel2(string stem) =>
        Level2Names.TryGetValue(stem, out var level) ? level : null;

    /// <summary>
    /// Splits a 一级 cell that also carries the 二级 ("效益指标/社会效益", "效益-社会效益指标"); returns the
    /// parts as printed stems.
    /// </summary>
    public static (string First, string? Second) SplitCombined(string printed)
    {
        var s = NormalizedText.Canonical(printed);
        foreach (var separator in new[] { '/', '-', '—', '、', '|', '\\' })
        {
            var at = s.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && at < s.Length - 1)
            {
                return (Stem(s[..at]), Stem(s[(at + 1)..]));
            }
        }

        return (Stem(s), null);
    }
}
