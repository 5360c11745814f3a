using System.Globalization;
using BudgetMesh.Console.Html;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BudgetMesh.Console.Traces;

/// <summary>A submission's journey across services, one trace, and the slow and failed traces of the last hour.</summary>
internal static class TracePages
{
    public static void MapTracePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/traces", ForSubmissionAsync);
        app.MapGet("/traces/slow", SlowAsync);
        app.MapGet("/traces/{traceId:regex(^[0-9a-f]{{32}}$)}", OneAsync);
    }

    private static async Task<IResult> ForSubmissionAsync(HttpContext context, SpanStore store)
    {
        var submission = context.Request.Query["submission"].ToString().Trim();
        var spans = submission.Length == 0 ? [] : await store.ForSubmissionAsync(submission, context.RequestAborted);
        var traces = spans.GroupBy(s => s.TraceId).OrderBy(g => g.Min(s => s.StartNs)).Select(g => Waterfall.Render([.. g]));
        var none = spans.Count == 0 ? Markup.Of($"""<p class="muted">没有带该报送编号的链路数据。</p>""") : Markup.Empty;
        return Layout.Html(context, "报送链路", Markup.Of($"""
            <h1>报送链路</h1>
            <form method="get" action="/traces"><label>报送编号 <input name="submission" value="{submission}" size="40"></label> <button type="submit">查找</button></form>
            {(submission.Length > 0 ? Markup.Of($"""<p><a href="/submissions/{submission}">返回报送</a></p>""") : Markup.Empty)}
            {none}{traces}
            """));
    }

    private static async Task<IResult> OneAsync(string traceId, HttpContext context, SpanStore store)
    {
        var spans = await store.TraceAsync(traceId, context.RequestAborted);
        return spans.Count == 0
            ? Layout.Html(context, "未找到", Markup.Of($"""<p class="flash">没有这个链路。</p>"""), StatusCodes.Status404NotFound)
            : Layout.Html(context, "链路", Markup.Of($"<h1>链路</h1>{Waterfall.Render(spans)}"));
    }

    private static async Task<IResult> SlowAsync(HttpContext context, SpanStore store, TimeProvider time)
    {
        var since = time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds() * 1_000_000L;
        var (slowest, failed) = await store.RecentAsync(since, 20, context.RequestAborted);
        return Layout.Html(context, "链路追踪", Markup.Of($"""
            <h1>最近一小时的链路</h1>
            <h2>最慢的链路</h2>{Table("slowest", slowest)}
            <h2>失败的链路</h2>{Table("failed", failed)}
            """), refreshSeconds: 30);
    }

    private static Markup Table(string id, IReadOnlyList<TraceSummary> traces) => traces.Count == 0
        ? Markup.Of($"""<p class="muted" id="{id}">无。</p>""")
        : Markup.Of($"""
            <table id="{id}"><thead><tr><th>开始</th><th>入口</th><th>耗时</th><th>span</th><th>服务数</th><th>报送</th><th>结果</th></tr></thead><tbody>
            {traces.Select(t => Markup.Of($"""
                <tr data-trace="{t.TraceId}"><td>{DateTimeOffset.FromUnixTimeMilliseconds(t.StartNs / 1_000_000).ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm:ss", CultureInfo.InvariantCulture)}</td>
                <td><a href="/traces/{t.TraceId}">{t.RootService} · {t.RootName}</a></td><td class="num">{t.DurationMs.ToString("0.0", CultureInfo.InvariantCulture)} ms</td>
                <td class="num">{t.Spans}</td><td class="num">{t.Services}</td>
                <td>{(t.SubmissionId is null ? Markup.Empty : Markup.Of($"""<a href="/traces?submission={t.SubmissionId}">{t.SubmissionId}</a>"""))}</td>
                <td>{(t.Failed ? Markup.Of($"""<span class="badge err">失败</span>""") : Markup.Of($"""<span class="badge ok">成功</span>"""))}</td></tr>
                """))}
            </tbody></table>
            """);
}
