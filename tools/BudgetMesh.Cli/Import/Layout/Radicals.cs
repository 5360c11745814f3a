using System.Text;

namespace BudgetMesh.Cli.Import.Layout;

/// <summary>
/// Some PDF producers (Chromium's CJK fonts among them) map ideographs to the radical code points that look the same:
/// Kangxi radicals (U+2F00–U+2FDF, "⼀" for 一) and simplified radicals (U+2E80–U+2EFF, "⻰" for 龙). A reader sees the
/// ideograph, so the ideograph is what is read. Kangxi radicals have a compatibility mapping (NFKC); the simplified
/// radicals that stand for a whole character do not, and are listed here.
/// </summary>
internal static class Radicals
{
    private static readonly Dictionary<char, char> Simplified = new()
    {
        ['\u2EA0'] = '民', ['\u2EC4'] = '西', ['\u2EC5'] = '见', ['\u2EC6'] = '角', ['\u2EC9'] = '贝', ['\u2ECB'] = '车',
        ['\u2ED3'] = '长', ['\u2ED4'] = '门', ['\u2ED8'] = '青', ['\u2ED9'] = '韦', ['\u2EDA'] = '页', ['\u2EDB'] = '风',
        ['\u2EDC'] = '飞', ['\u2EDD'] = '食', ['\u2EE2'] = '马', ['\u2EE3'] = '骨', ['\u2EE4'] = '鬼', ['\u2EE5'] = '鱼',
        ['\u2EE6'] = '鸟', ['\u2EE7'] = '卤', ['\u2EE8'] = '麦', ['\u2EE9'] = '黄', ['\u2EEA'] = '黾', ['\u2EEB'] = '齐',
        ['\u2EED'] = '齿', ['\u2EF0'] = '龙', ['\u2EF3'] = '龟',
    };

    public static string Ideographs(string text)
    {
        if (!text.Any(c => c is >= '\u2E80' and <= '\u2FDF'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                >= '\u2F00' and <= '\u2FDF' => c.ToString().Normalize(NormalizationForm.FormKC),
                _ when Simplified.TryGetValue(c, out var ideograph) => ideograph.ToString(),
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }
}
