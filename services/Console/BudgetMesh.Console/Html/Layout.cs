using System.Security.Claims;
using BudgetMesh.Console.SignIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Console.Html;

/// <summary>The page frame every screen shares: navigation, the signed-in operator, the style sheet.</summary>
internal static class Layout
{
    // Inline so the console needs no static files, CDN or build step; the CSP allows only this.
    private const string Style = """
        body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;color:#222;background:#f6f7f9}
        header{background:#1f3b63;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
        header a{color:#fff;text-decoration:none}nav.main-nav{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}header a:hover,header a:focus{text-decoration:underline}header form{margin-left:auto}
        main{padding:1rem 1.5rem}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem}h3{font-size:1rem;display:inline}
        a{color:#0b4f9c}a:focus-visible,summary:focus-visible,button:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
        table{border-collapse:collapse;background:#fff;margin:.4rem 0}th,td{border:1px solid #bbb;padding:.2rem .45rem;font-size:.9rem}
        th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.total,tr.total td{font-weight:bold}.unit{color:#444;font-size:.85rem}
        .sev-error{background:#fdd;outline:2px solid #c00}.sev-warning{background:#fff1c2;outline:2px solid #a86b00}.sev-info{background:#e3f0ff}
        mark.sev-error,mark.sev-warning,mark.sev-info{outline:none;padding:0 .1rem;color:#222}
        .refs a{font-size:.75rem;font-weight:bold;margin-left:.25rem;padding:0 .2rem;border-radius:.3rem;outline:none;color:#222;vertical-align:super}
        .refs a.sev-error{background:#c00;color:#fff}.refs a.sev-warning{background:#8a5a00;color:#fff}.refs a.sev-info{background:#0b4f9c;color:#fff}
        :target{outline:3px solid #0b4f9c !important;outline-offset:1px;scroll-margin-top:4rem}tr:target td{background:#fffbe0}
        details.annex{background:#fff;border:1px solid #ccc;margin:.5rem 0;padding:.3rem .6rem}details.annex>summary{cursor:pointer;padding:.2rem 0}
        iframe#preview{width:100%;height:75vh;border:2px solid #1f3b63;background:#fff}a.button{display:inline-block;padding:.3rem .8rem;background:#1f3b63;color:#fff;border-radius:.3rem;text-decoration:none}
        nav.page-nav{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:.4rem 0}
        .badge{display:inline-block;padding:.05rem .5rem;border-radius:.6rem;font-size:.8rem;background:#ddd;color:#222}
        .badge.err{background:#b00020;color:#fff}.badge.warn{background:#8a5a00;color:#fff}.badge.ok{background:#1a6e45;color:#fff}
        .narrative{white-space:pre-wrap;background:#fff;border:1px solid #ccc;padding:.8rem;line-height:1.7}
        .flash{padding:.5rem 1rem;border:1px solid #c00;background:#fee}.notice{padding:.5rem 1rem;border:1px solid #1a6e45;background:#efe}
        form.inline{display:inline}textarea{width:28rem;max-width:100%;height:3rem}fieldset{background:#fff;margin:.5rem 0;min-width:0}
        .wf{position:relative;height:1.1rem;background:#f0f0f0;min-width:30rem}.wf span{position:absolute;top:0;height:100%;background:#4a7bd0}
        .wf span.err{background:#c00}details{margin:.1rem 0}.muted{color:#555}.diff-old{color:#a00;text-decoration:line-through}.diff-new{color:#070}
        input,select,textarea,iframe{max-width:100%}.filters label{display:inline-block;margin:.15rem .6rem .15rem 0}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.counts span{white-space:nowrap}
        .pager a,.pager strong{margin-right:.6rem}
        @media (max-width:700px){main{padding:.5rem}#submissions th,#submissions td,#audit td:first-child,th{white-space:nowrap}table{display:block;overflow-x:auto;max-width:100%}.wf{min-width:0}header form{margin-left:0}svg{max-width:100%;height:auto}}
        @media print{header,nav.page-nav,form,#decision-section fieldset,.refs{display:none}body{background:#fff}main{padding:0}details.annex{border:none}
          .sev-error,.sev-warning,.sev-info{outline:1px solid #000}a{color:#000;text-decoration:none}}
        """;

    public static Markup Page(HttpContext context, string title, Markup body, int refreshSeconds = 0)
    {
        var user = context.User;
        var nav = user.Identity?.IsAuthenticated == true
            ? Markup.Of($"""
                <nav aria-label="主导航" class="main-nav"><a href="/">报送列表</a> <a href="/audit">审计记录</a> <a href="/district">区县三公对比</a> <a href="/telemetry" id="telemetry-link">遥测面板</a></nav>
                <form method="post" action="/signout">{Forms.Token(context)}<span>{user.FindFirstValue(OperatorClaims.Name)}（{OperatorClaims.RoleLabel(user)}）</span> <button type="submit">退出</button></form>
                """)
            : Markup.Empty;
        var refresh = refreshSeconds > 0 ? Markup.Of($"""<meta http-equiv="refresh" content="{refreshSeconds}">""") : Markup.Empty;
        return Markup.Of($"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>{title} - 预算公开审核控制台</title>{refresh}
            <style>{new Markup(Style)}</style></head>
            <body><header><strong>预算公开审核控制台</strong>{nav}</header><main>{body}</main></body></html>
            """);
    }

    public static IResult Html(HttpContext context, string title, Markup body, int status = StatusCodes.Status200OK, int refreshSeconds = 0)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(Page(context, title, body, refreshSeconds).Value, "text/html; charset=utf-8", null, status);
    }
}

/// <summary>Antiforgery on every form that changes state.</summary>
internal static class Forms
{
    public static Markup Token(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return Markup.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>The posted form, or null when its antiforgery token is missing or wrong.</summary>
    public static async Task<IFormCollection?> ReadValidatedAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    public static IResult Forged(HttpContext context) =>
        Layout.Html(context, "请求无效", Markup.Of($"""<p class="flash">表单校验失败（缺少或无效的防伪令牌），操作未执行。请返回页面重试。</p>"""), StatusCodes.Status400BadRequest);
}
