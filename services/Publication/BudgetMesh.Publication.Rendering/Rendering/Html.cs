using System.Globalization;
using System.Text;

namespace BudgetMesh.Publication.Rendering;

/// <summary>Every piece of submitter text goes through <see cref="Encode"/>; nothing else writes text into a page.</summary>
internal static class Html
{
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// One style sheet for every page, inline because the website serves no other assets: system CJK fonts,
    /// tables that scroll sideways on a phone instead of squeezing numbers onto two lines.
    /// </summary>
    public const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f4;line-height:1.7;font-size:16px}
        header.site{background:#b71c1c;color:#fff;padding:12px 16px}
        header.site a{color:#fff;text-decoration:none}
        main{max-width:1180px;margin:0 auto;padding:16px;background:#fff}
        h1{font-size:1.5em;margin:.4em 0;line-height:1.4}
        h2{font-size:1.25em;border-left:4px solid #b71c1c;padding-left:8px;margin:1.4em 0 .6em}
        h3{font-size:1.1em;margin:1.2em 0 .3em;text-align:center}
        .meta{color:#555;font-size:.9em}
        .narrative .text,.field-value{white-space:pre-wrap;word-break:break-word}
        nav.toc ol{padding-left:1.4em;columns:2}
        .annex{margin:2em 0;border-top:1px solid #ddd;padding-top:.5em}
        .unit{text-align:right;margin:.2em 0;font-size:.9em}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
        table{border-collapse:collapse;width:100%;font-size:.9em}
        th,td{border:1px solid #999;padding:4px 6px;vertical-align:top}
        th{background:#f0ece4;font-weight:600}
        td.amount{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        td.code{white-space:nowrap}
        tr.total td{font-weight:600;background:#faf8f3}
        td.level-1{padding-left:1.8em}
        td.level-2{padding-left:3.2em}
        table.fields th{width:10em;text-align:left}
        .empty{color:#444;font-style:italic}
        .note{color:#444;font-size:.9em;white-space:pre-wrap}
        .download a,.downloads a{margin-right:1em}
        footer{color:#666;font-size:.85em;margin-top:2em;border-top:1px solid #ddd;padding-top:.5em;word-break:break-all}
        ul.list li{margin:.3em 0}
        @media (max-width:640px){body{font-size:15px}main{padding:10px}nav.toc ol{columns:1}table{font-size:.85em}h1{font-size:1.25em}}
        @media print{header.site,nav.toc,.downloads,.download,#downloads,#downloads~ul.list{display:none}body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}.scroll{overflow:visible}a{color:inherit;text-decoration:none}th{background:#eee}tr,h3{break-inside:avoid}h2,h3{break-after:avoid}.annex{break-before:auto}}
        """;

    /// <summary>Scripts, frames, objects and remote loads are off for every page, whatever slipped into it.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>"公开日期：2026年3月5日", machine-readable in its time element; the same on a disclosure page and the index.</summary>
    public static void PublishedOn(StringBuilder html, DateOnly date) =>
        html.Append("<span class=\"published\">公开日期：<time datetime=\"").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\">")
            .Append(date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)).Append("</time></span>");

    public static void Head(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
            .Append("<header class=\"site\"><a href=\"/index.html\">预决算公开专栏</a></header>\n<main>\n");
    }

    public static void Tail(StringBuilder html, string footer)
    {
        html.Append("<footer>").Append(footer).Append("</footer>\n</main>\n</body>\n</html>\n");
    }
}
