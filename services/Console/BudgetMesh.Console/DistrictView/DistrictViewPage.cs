using System.Globalization;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Budget;
using BudgetMesh.Contracts.ThreePublic.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Console.DistrictView;

/// <summary>The 三公 comparison of a district's departments for a year, as a table and an SVG bar chart.</summary>
internal static class DistrictViewPage
{
    // Department budget disclosure began in 2010; a year past next year has no budget yet.
    private const int MinYear = 2010;

    public static async Task<IResult> ShowAsync(HttpContext context, ServiceCalls calls, TimeProvider time)
    {
        var maxYear = time.GetUtcNow().Year + 1;
        var district = context.Request.Query["district"].ToString().Trim();
        var year = int.TryParse(context.Request.Query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
        var form = Markup.Of($"""
            <h1>区县“三公”经费对比</h1>
            <form method="get" action="/district"><label>区县代码 <input name="district" value="{district}" size="8"></label>
            <label>年度 <input name="year" value="{(year == 0 ? "" : year.ToString(CultureInfo.InvariantCulture))}" size="5"></label> <button type="submit">查询</button></form>
            """);
        if (year != 0 && (year < MinYear || year > maxYear))
        {
            return Layout.Html(context, "区县三公对比", Markup.Of($"""{form}<p class="flash" role="alert" id="district-error">预算年度须在{MinYear}—{maxYear}之间。</p>"""), StatusCodes.Status400BadRequest);
        }

        if (district.Length != 6 || year == 0)
        {
            return Layout.Html(context, "区县三公对比", Markup.Of($"""{form}<p class="muted">请输入6位区县代码和年度。</p>"""));
        }

        GetDistrictViewResponse view;
        try
        {
            view = await calls.GetDistrictViewAsync(OperatorClaims.KeyOf(context.User), district, year, context.RequestAborted);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.OutOfRange)
        {
            // The operator asked for something the service cannot answer (e.g. year 1999): say so, it is not an outage.
            return Layout.Html(context, "区县三公对比", Markup.Of($"""{form}<p class="flash" role="alert" id="district-error">查询条件无效：请输入有效的6位区县代码和{MinYear}—{maxYear}之间的预算年度。</p>"""), StatusCodes.Status400BadRequest);
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return Layout.Html(context, "区县三公对比", Markup.Of($"""{form}<p class="flash" role="alert" id="district-error">三公经费服务暂不可用（{ServiceCalls.Unavailable(ex.StatusCode)}），请稍后重试。</p>"""), StatusCodes.Status502BadGateway);
        }

        return Layout.Html(context, "区县三公对比", Markup.Of($"{form}{Render(view)}"));
    }

    internal static Markup Render(GetDistrictViewResponse view)
    {
        if (view.Departments.Count == 0)
        {
            return Markup.Of($"""<p class="muted" id="district-view">该区县该年度尚无已审核的部门数据。</p>""");
        }

        static string A(string? value) => PackageTables.FormatAmount(string.IsNullOrEmpty(value) ? null : value);
        var rows = view.Departments.Select(d => Markup.Of($"""
            <tr data-department="{d.DepartmentCode}"><td class="num">{d.Rank}</td><td>{d.DepartmentCode} {d.DepartmentName}</td>
            <td class="num">{A(d.Figures?.Total)}</td><td class="num">{A(d.Figures?.OutboundTravel)}</td><td class="num">{A(d.Figures?.VehiclesSubtotal)}</td>
            <td class="num">{A(d.Figures?.VehiclePurchase)}</td><td class="num">{A(d.Figures?.VehicleOperation)}</td><td class="num">{A(d.Figures?.Reception)}</td>
            <td class="num">{A(d.PriorYearTotal)}</td><td class="num">{A(d.Change)}</td><td><a href="/submissions/{d.SubmissionId}?revision={d.Revision}">第{d.Revision}版</a></td></tr>
            """));
        var t = view.Totals ?? new Contracts.Budget.V1.ThreePublicFigures();
        return Markup.Of($"""
            <div class="unit">单位：万元</div>
            <table id="district-view"><thead><tr><th>排名</th><th>部门</th><th>合计</th><th>因公出国（境）费</th><th>公务用车购置及运行费</th><th>其中：购置费</th><th>其中：运行费</th><th>公务接待费</th><th>上年合计</th><th>增减</th><th>来源</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr class="total"><td></td><td>全区合计</td><td class="num">{A(t.Total)}</td><td class="num">{A(t.OutboundTravel)}</td><td class="num">{A(t.VehiclesSubtotal)}</td>
            <td class="num">{A(t.VehiclePurchase)}</td><td class="num">{A(t.VehicleOperation)}</td><td class="num">{A(t.Reception)}</td><td class="num">{A(view.PriorYearTotal)}</td><td class="num">{A(view.Change)}</td><td></td></tr></tfoot></table>
            {Chart(view)}
            """);
    }

    /// <summary>Stacked horizontal bars per department: outbound travel, vehicles, reception.</summary>
    internal static Markup Chart(GetDistrictViewResponse view)
    {
        static decimal D(string? value) => WireAmount.TryParse(value, out var d) && d > 0 ? d : 0;
        const int LabelWidth = 260, BarWidth = 520, RowHeight = 28;
        var max = view.Departments.Select(d => D(d.Figures?.OutboundTravel) + D(d.Figures?.VehiclesSubtotal) + D(d.Figures?.Reception)).DefaultIfEmpty(0).Max();
        max = max == 0 ? 1 : max;
        string X(decimal value) => (value / max * BarWidth).ToString("0.##", CultureInfo.InvariantCulture);
        var bars = view.Departments.Select((d, i) =>
        {
            var (travel, vehicles, reception) = (D(d.Figures?.OutboundTravel), D(d.Figures?.VehiclesSubtotal), D(d.Figures?.Reception));
            var top = (i * RowHeight) + 24;
            return Markup.Of($"""
                <g data-department="{d.DepartmentCode}"><text x="{LabelWidth - 6}" y="{top + 16}" text-anchor="end" font-size="12">{d.DepartmentName}</text>
                <rect x="{LabelWidth}" y="{top + 4}" width="{X(travel)}" height="16" fill="#4a7bd0"><title>因公出国（境）费 {PackageTables.FormatAmount(d.Figures?.OutboundTravel)}</title></rect>
                <rect x="{LabelWidth}" y="{top + 4}" width="{X(vehicles)}" height="16" fill="#e0a030" transform="translate({X(travel)},0)"><title>公务用车购置及运行费 {PackageTables.FormatAmount(d.Figures?.VehiclesSubtotal)}</title></rect>
                <rect x="{LabelWidth}" y="{top + 4}" width="{X(reception)}" height="16" fill="#3aa070" transform="translate({X(travel + vehicles)},0)"><title>公务接待费 {PackageTables.FormatAmount(d.Figures?.Reception)}</title></rect>
                <text x="{LabelWidth + 6}" y="{top + 16}" font-size="11" transform="translate({X(travel + vehicles + reception)},0)">{PackageTables.FormatAmount(d.Figures?.Total)}</text></g>
                """);
        });
        var height = (view.Departments.Count * RowHeight) + 34;
        return Markup.Of($"""
            <svg id="district-chart" xmlns="http://www.w3.org/2000/svg" width="{LabelWidth + BarWidth + 80}" height="{height}" role="img" aria-label="各部门三公经费（万元）">
            <text x="{LabelWidth}" y="14" font-size="12"><tspan fill="#4a7bd0">■ 因公出国（境）</tspan> <tspan fill="#e0a030">■ 公务用车</tspan> <tspan fill="#3aa070">■ 公务接待</tspan>（万元）</text>
            {bars}</svg>
            """);
    }
}
