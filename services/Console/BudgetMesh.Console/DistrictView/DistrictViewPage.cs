using System.Globalization;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.SignIn;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Budget;
using BudgetMesh.Contracts.ThreePublic.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Console.Districts;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Console.DistrictView;

/// <summary>The 三公 comparison of a district's departments for a year, as a table and an SVG bar chart.</summary>
internal static class DistrictViewPage
{
    // Department budget disclosure began in 2010; a year past next year has no budget yet.
    private const int MinYear = 2010;

    public static async Task<IResult> ShowAsync(HttpContext context, ServiceCalls calls, IConfiguration configuration, TimeProvider time)
    {
        var currentYear = time.GetUtcNow().ToOffset(StatusWords.Beijing).Year;
        var maxYear = currentYear + 1;
        var key = OperatorClaims.KeyOf(context.User);
        var requestedDistrict = context.Request.Query["district"].ToString().Trim();
        var yearText = context.Request.Query["year"].ToString().Trim();
        var requestedYear = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;

        // The queue says which districts and years there are; without it the page still works on what was asked.
        IReadOnlyList<SubmissionSummary> queue;
        try
        {
            queue = (await calls.ListSubmissionsAsync(key, new ListSubmissionsRequest { PageSize = 500 }, context.RequestAborted)).Submissions;
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            queue = [];
        }

        var picker = DistrictPicker.Choose(requestedDistrict, requestedYear, queue, configuration, currentYear);
        var heading = Markup.Of($"<h1>区县“三公”经费对比</h1>{picker.Form()}");
        IResult Problem(string message) =>
            Layout.Html(context, "区县三公对比", Markup.Of($"""{heading}<p class="flash" role="alert" id="district-error">{message}</p>"""), StatusCodes.Status400BadRequest);

        if ((yearText.Length > 0 && requestedYear == 0) || (requestedYear != 0 && (requestedYear < MinYear || requestedYear > maxYear)))
        {
            return Problem($"预算年度须在{MinYear}—{maxYear}之间（收到“{yearText}”），请重新选择。");
        }

        if (picker.District.Length == 0)
        {
            return Layout.Html(context, "区县三公对比", Markup.Of($"""{heading}<p class="muted" id="district-view">尚无任何区县报送，请选择区县后查询。</p>"""));
        }

        if (picker.District.Length != 6 || !picker.District.All(char.IsAsciiDigit))
        {
            return Problem($"区县代码须为6位数字（收到“{picker.District}”）。");
        }

        GetDistrictViewResponse view;
        try
        {
            view = await calls.GetDistrictViewAsync(key, picker.District, picker.Year, context.RequestAborted);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.OutOfRange)
        {
            // The operator asked for something the service cannot answer: say so, it is not an outage.
            return Problem($"查询条件无效：请选择区县和{MinYear}—{maxYear}之间的预算年度。");
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Unauthenticated)
        {
            return Layout.Html(context, "区县三公对比", Markup.Of($"""{heading}<p class="flash" role="alert" id="district-error">{ex.Status.Detail}。请稍后重试。</p>"""), ErrorPages.HttpStatus(ex.StatusCode));
        }

        return Layout.Html(context, "区县三公对比", Markup.Of($"{heading}<h2>{DistrictNames.Label(picker.District)} {picker.Year}年</h2>{Render(view)}"));
    }

    internal static Markup Render(GetDistrictViewResponse view)
    {
        var uncounted = Uncounted(view);
        if (view.Departments.Count == 0)
        {
            return Markup.Of($"""<p class="muted" id="district-view">该区县该年度尚无已批准或已发布的部门数据，合计为零。</p>{uncounted}""");
        }

        static string A(string? value) => PackageTables.FormatAmount(string.IsNullOrEmpty(value) ? null : value);
        var rows = view.Departments.Select(d => Markup.Of($"""
            <tr data-department="{d.DepartmentCode}" data-state="{d.State.ToString()}"><td class="num">{d.Rank}</td><td>{DepartmentLabel(d.DepartmentCode, d.DepartmentName)}</td>
            <td><span class="{(d.State == CountedState.Published ? "badge ok" : "badge")}">{CountedLabel(d.State)}</span></td>
            <td class="num">{A(d.Figures?.Total)}</td><td class="num">{A(d.Figures?.OutboundTravel)}</td><td class="num">{A(d.Figures?.VehiclesSubtotal)}</td>
            <td class="num">{A(d.Figures?.VehiclePurchase)}</td><td class="num">{A(d.Figures?.VehicleOperation)}</td><td class="num">{A(d.Figures?.Reception)}</td>
            <td class="num">{A(d.PriorYearTotal)}{(d.PriorYearSource == PriorYearSource.Table ? "*" : "")}</td><td class="num">{A(d.Change)}</td><td><a href="/submissions/{d.SubmissionId}?revision={d.Revision}">第{d.Revision}版</a></td></tr>
            """));
        var t = view.Totals ?? new Contracts.Budget.V1.ThreePublicFigures();
        return Markup.Of($"""
            <div class="unit">单位：万元。只计入各部门已批准或已发布的版本；上年合计取该部门上年已批准的数，无上年已批准数时取本年表内所列上年数（标*）。</div>
            <table id="district-view"><thead><tr><th scope="col">排名</th><th scope="col">部门</th><th scope="col">状态</th><th scope="col">合计</th><th scope="col">因公出国（境）费</th><th scope="col">公务用车购置及运行费</th><th scope="col">其中：购置费</th><th scope="col">其中：运行费</th><th scope="col">公务接待费</th><th scope="col">上年合计</th><th scope="col">增减</th><th scope="col">版本</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr class="total"><td></td><td>全区合计</td><td></td><td class="num">{A(t.Total)}</td><td class="num">{A(t.OutboundTravel)}</td><td class="num">{A(t.VehiclesSubtotal)}</td>
            <td class="num">{A(t.VehiclePurchase)}</td><td class="num">{A(t.VehicleOperation)}</td><td class="num">{A(t.Reception)}</td><td class="num">{A(view.PriorYearTotal)}</td><td class="num">{A(view.Change)}</td><td></td></tr></tfoot></table>
            {Chart(view)}{uncounted}
            """);
    }

    /// <summary>Departments with figures for the year that are not in the totals, and why.</summary>
    private static Markup Uncounted(GetDistrictViewResponse view)
    {
        if (view.Uncounted.Count == 0)
        {
            return Markup.Empty;
        }

        var rows = view.Uncounted.Select(u => Markup.Of($"""
            <tr data-department="{u.DepartmentCode}" data-standing="{u.Standing.ToString()}"><td>{DepartmentLabel(u.DepartmentCode, u.DepartmentName)}</td><td>{StandingLabel(u.Standing)}</td>
            <td><a href="/submissions/{u.SubmissionId}?revision={u.Revision}">第{u.Revision}版</a></td></tr>
            """));
        return Markup.Of($"""
            <h2>未计入合计的部门</h2>
            <table id="district-uncounted"><thead><tr><th scope="col">部门</th><th scope="col">最新版本状态</th><th scope="col">版本</th></tr></thead><tbody>{rows}</tbody></table>
            """);
    }

    internal static string CountedLabel(CountedState state) =>
        state == CountedState.Published ? StatusWords.Label(SubmissionStatus.Published) : StatusWords.Label(SubmissionStatus.Approved);

    internal static string StandingLabel(RevisionStanding standing) => standing switch
    {
        RevisionStanding.Checked => StatusWords.Label(SubmissionStatus.Reconciling),
        RevisionStanding.Reconciled => "校核完成，待审批",
        RevisionStanding.Returned => StatusWords.Label(SubmissionStatus.Returned),
        RevisionStanding.Retracted => StatusWords.Label(SubmissionStatus.Retracted),
        _ => "较早版本已批准",
    };

    // A department that prints no code is keyed "name:…" by the service; operators see only its name.
    private static string DepartmentLabel(string key, string name) => key.StartsWith("name:", StringComparison.Ordinal) ? name : $"{key} {name}";

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
