using System.Globalization;
using System.Text;

namespace BudgetMesh.Publication.Rendering;

/// <summary>One published disclosure as the index pages list it; <paramref name="PublishedAt"/> is when it went on the website.</summary>
internal sealed record IndexEntry(
    string DistrictCode, string DistrictName, int BudgetYear, string DepartmentName, string UnitCode, string UnitName, string Directory, DateTimeOffset? PublishedAt = null);

/// <summary>The district/year pages listing departments, and the top page listing districts and years. Pure.</summary>
internal static class IndexPages
{
    public static SiteFile District(string districtCode, int year, IEnumerable<IndexEntry> entries)
    {
        var list = entries.Where(e => e.DistrictCode == districtCode && e.BudgetYear == year)
            .OrderBy(e => e.UnitCode, StringComparer.Ordinal).ToList();
        var name = list.Select(e => e.DistrictName).FirstOrDefault(n => n.Length > 0) ?? districtCode;
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var html = new StringBuilder();
        Html.Head(html, $"{name} {yearText}年部门预算公开");
        html.Append("<p class=\"meta\"><a href=\"/index.html\">预决算公开专栏</a></p>\n<h1>").Append(Html.Encode(name)).Append(' ').Append(yearText).Append("年部门预算公开</h1>\n");
        if (list.Count == 0)
        {
            html.Append("<p>暂无已公开的部门预算。</p>\n");
        }
        else
        {
            html.Append("<ul class=\"list departments\">\n");
            foreach (var entry in list)
            {
                html.Append("<li data-unit=\"").Append(Html.Encode(entry.UnitCode)).Append("\"><a href=\"").Append(Html.Encode(entry.Directory)).Append("index.html\">")
                    .Append(Html.Encode(entry.UnitName.Length > 0 ? entry.UnitName : entry.DepartmentName)).Append("</a>")
                    .Append("（主管部门：").Append(Html.Encode(entry.DepartmentName)).Append('）');
                if (entry.PublishedAt is { } published)
                {
                    html.Append('　');
                    Html.PublishedOn(html, DisclosureFacts.BeijingDate(published));
                }

                html.Append("　<a href=\"").Append(Html.Encode(entry.Directory)).Append("package.json\">数据（JSON）</a></li>\n");
            }

            html.Append("</ul>\n");
        }

        Html.Tail(html, "本页列出已经审核批准并公开的部门预算。");
        return new SiteFile(SitePaths.DistrictIndex(districtCode, year), Encoding.UTF8.GetBytes(html.ToString()), "text/html; charset=utf-8");
    }

    public static SiteFile Top(IEnumerable<IndexEntry> entries)
    {
        var groups = entries.GroupBy(e => (e.DistrictCode, e.BudgetYear))
            .OrderBy(g => g.Key.DistrictCode, StringComparer.Ordinal).ThenByDescending(g => g.Key.BudgetYear).ToList();
        var html = new StringBuilder();
        Html.Head(html, "预决算公开专栏");
        html.Append("<h1>预决算公开专栏</h1>\n");
        if (groups.Count == 0)
        {
            html.Append("<p>暂无已公开的部门预算。</p>\n");
        }
        else
        {
            html.Append("<ul class=\"list districts\">\n");
            foreach (var group in groups)
            {
                var name = group.Select(e => e.DistrictName).FirstOrDefault(n => n.Length > 0) ?? group.Key.DistrictCode;
                html.Append("<li><a href=\"").Append(SitePaths.DistrictIndex(group.Key.DistrictCode, group.Key.BudgetYear)).Append("\">")
                    .Append(Html.Encode(name)).Append(' ').Append(group.Key.BudgetYear.ToString(CultureInfo.InvariantCulture)).Append("年部门预算公开</a>（")
                    .Append(group.Count().ToString(CultureInfo.InvariantCulture)).Append("个单位）</li>\n");
            }

            html.Append("</ul>\n");
        }

        Html.Tail(html, "本栏目公开经审核批准的部门预算。");
        return new SiteFile(SitePaths.TopIndex, Encoding.UTF8.GetBytes(html.ToString()), "text/html; charset=utf-8");
    }
}
