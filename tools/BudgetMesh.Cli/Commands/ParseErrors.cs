using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Commands;

/// <summary>
/// System.CommandLine's own texts in Chinese. Its zh-Hans resources translate most of them but not all (some parse
/// errors, the help's "Description:", "[default: …]", "(REQUIRED)") and name .NET types ("System.Int32"), which say
/// nothing to an operator: those become what the value must be.
/// </summary>
internal static partial class ParseErrors
{
    public static string Chinese(string message)
    {
        var typed = TypeName().Replace(message, m => m.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "整数",
            "System.Decimal" or "System.Double" => "数字",
            "System.Boolean" => "true 或 false",
            "System.Guid" => "UUID",
            "System.Uri" => "网址",
            "System.IO.FileInfo" => "文件路径",
            "System.IO.DirectoryInfo" => "目录路径",
            "System.String" => "文字",
            _ => "有效的值",
        });
        var option = CannotParseOption().Match(typed);
        if (option.Success)
        {
            return $"选项 {option.Groups["option"].Value} 的值“{option.Groups["value"].Value}”无效：须为{option.Groups["type"].Value}。";
        }

        var argument = CannotParseArgument().Match(typed);
        return argument.Success
            ? $"参数 {argument.Groups["argument"].Value} 的值“{argument.Groups["value"].Value}”无效：须为{argument.Groups["type"].Value}。"
            : typed;
    }

    /// <summary>
    /// The help text with the headings and markers the zh-Hans resources leave in English put in Chinese, and long
    /// option descriptions wrapped under their column so every line fits an 100-column terminal (Chinese characters
    /// take two columns, which System.CommandLine's layout does not count).
    /// </summary>
    public static string Help(string help) => string.Join('\n', help
        .Replace("Description:", "说明:", StringComparison.Ordinal)
        .Replace("(REQUIRED)", "（必填）", StringComparison.Ordinal)
        .Replace("[default: ", "[默认：", StringComparison.Ordinal)
        .Replace("[options]", "[选项]", StringComparison.Ordinal)
        .Replace("[command]", "[命令]", StringComparison.Ordinal)
        .Split('\n')
        .SelectMany(Wrap));

    /// <summary>Display columns of <paramref name="text"/> in a terminal: East Asian wide characters count two.</summary>
    public static int Columns(string text) => text.Sum(c => IsWide(c) ? 2 : 1);

    private static IEnumerable<string> Wrap(string line)
    {
        const int Width = Display.PlainWidth;
        line = line.TrimEnd('\r');
        if (Columns(line) <= Width)
        {
            yield return line;
            yield break;
        }

        // Continuation lines start under the description column, or under the line's own indentation.
        var description = DescriptionColumn().Match(line);
        var lead = description.Success ? description.Groups["lead"].Value : line[..(line.Length - line.TrimStart().Length)];
        var indent = Columns(lead);
        var rest = line[lead.Length..];
        var first = true;
        while (rest.Length > 0)
        {
            var take = 0;
            var used = 0;
            while (take < rest.Length && used + (IsWide(rest[take]) ? 2 : 1) <= Width - indent)
            {
                used += IsWide(rest[take]) ? 2 : 1;
                take++;
            }

            // Break after a space or a Chinese character, never inside an ASCII word (a URL, a variable's name).
            var end = take;
            if (take < rest.Length)
            {
                while (end > 0 && rest[end - 1] != ' ' && !IsWide(rest[end - 1]) && !IsWide(rest[end]))
                {
                    end--;
                }

                end = end == 0 ? take : end;
            }

            yield return (first ? lead : new string(' ', indent)) + rest[..end].TrimEnd();
            rest = rest[end..].TrimStart();
            first = false;
        }
    }

    private static bool IsWide(char c) =>
        c >= '\u1100' && (c <= '\u115f' || (c >= '\u2e80' && c <= '\ua4cf') || (c >= '\uac00' && c <= '\ud7a3') || (c >= '\uf900' && c <= '\ufaff')
            || (c >= '\ufe30' && c <= '\ufe4f') || (c >= '\uff00' && c <= '\uff60') || (c >= '\uffe0' && c <= '\uffe6'));

    // "  --intake-url <intake-url>  受理服务地址…": the description starts after the first run of two or more spaces.
    [GeneratedRegex(@"^(?<lead>\s+\S.*?\s{2,})\S")]
    private static partial Regex DescriptionColumn();

    [GeneratedRegex(@"[“""']?(?<type>System\.[A-Za-z0-9_.]+)[”""']?")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type (?<type>.+?)\.?$")]
    private static partial Regex CannotParseOption();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for command '(?<argument>[^']+)' as expected type (?<type>.+?)\.?$")]
    private static partial Regex CannotParseArgument();
}
