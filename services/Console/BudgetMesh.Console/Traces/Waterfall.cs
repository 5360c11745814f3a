using System.Globalization;
using BudgetMesh.Console.Html;

namespace BudgetMesh.Console.Traces;

/// <summary>
/// One trace as a waterfall: spans in tree order (children under their parent, by start time), indented by depth,
/// each bar placed on the trace's time axis; a span whose parent was not received is shown as a root.
/// </summary>
internal static class Waterfall
{
    public static IReadOnlyList<(StoredSpan Span, int Depth)> Order(IReadOnlyList<StoredSpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.Where(s => ids.Contains(s.ParentSpanId)).ToLookup(s => s.ParentSpanId, StringComparer.Ordinal);
        var ordered = new List<(StoredSpan, int)>();
        void Visit(StoredSpan span, int depth)
        {
            ordered.Add((span, depth));
            foreach (var child in children[span.SpanId].OrderBy(c => c.StartNs))
            {
                Visit(child, depth + 1);
            }
        }

        foreach (var root in spans.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartNs))
        {
            Visit(root, 0);
        }

        return ordered;
    }

    public static Markup Render(IReadOnlyList<StoredSpan> trace)
    {
        var start = trace.Min(s => s.StartNs);
        var total = Math.Max(1, trace.Max(s => s.EndNs) - start);
        var services = trace.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = Order(trace).Select(item =>
        {
            var (span, depth) = item;
            var left = Percent(span.StartNs - start, total);
            var width = Math.Max(0.3, Percent(span.EndNs - span.StartNs, total));
            var error = span.IsError
                ? Markup.Of($"""<p class="flash">错误：{span.StatusMessage}{span.Events.Where(e => e.Name == "exception").Select(e => Markup.Of($" {e.Attributes.GetValueOrDefault("exception.type")}: {e.Attributes.GetValueOrDefault("exception.message")}"))}</p>""")
                : Markup.Empty;
            var attributes = span.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => Markup.Of($"<tr><th>{a.Key}</th><td>{a.Value}</td></tr>"));
            var events = span.Events.Select(e => Markup.Of($"""<li>{e.Name} {string.Join("，", e.Attributes.Select(a => $"{a.Key}={a.Value}"))}</li>"""));
            return Markup.Of($"""
                <tr data-span="{span.SpanId}" data-service="{span.Service}" class="{(span.IsError ? "span-error" : "")}">
                  <td>{span.Service}</td>
                  <td style="padding-left:{(depth * 1.2).ToString("0.0", CultureInfo.InvariantCulture)}rem"><details><summary>{span.Name}</summary>
                    {error}<table>{attributes}</table><ul>{events}</ul><p class="muted">span {span.SpanId} · parent {span.ParentSpanId}</p></details></td>
                  <td class="num">{span.DurationMs.ToString("0.0", CultureInfo.InvariantCulture)} ms</td>
                  <td><div class="wf"><span class="{(span.IsError ? "err" : "")}" style="left:{left.ToString("0.00", CultureInfo.InvariantCulture)}%;width:{width.ToString("0.00", CultureInfo.InvariantCulture)}%"></span></div></td>
                </tr>
                """);
        });
        return Markup.Of($"""
            <section class="trace" data-trace="{trace[0].TraceId}">
            <h3>Trace <code>{trace[0].TraceId}</code> · {trace.Count}个span · {(total / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture)} ms · 服务：{string.Join("、", services)}</h3>
            <table class="waterfall"><thead><tr><th>服务</th><th>操作</th><th>耗时</th><th>时间轴</th></tr></thead><tbody>{rows}</tbody></table>
            </section>
            """);
    }

    private static double Percent(long part, long total) => Math.Clamp(part * 100.0 / total, 0, 100);
}
