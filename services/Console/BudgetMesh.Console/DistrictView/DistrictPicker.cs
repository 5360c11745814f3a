using System.Globalization;
using BudgetMesh.Console.Districts;
using BudgetMesh.Console.Html;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Console.DistrictView;

/// <summary>
/// Which district and year the 三公 view opens on, and the choices offered: the operator's own district (configured
/// for the bureau that runs the console, else the district with the most submissions in the queue) and the latest
/// budget year it has submitted, so the page never opens empty while there is something to show.
/// </summary>
internal sealed record DistrictPicker(string District, int Year, IReadOnlyList<string> Districts, IReadOnlyList<int> Years)
{
    /// <summary>The bureau's own district code, when the console serves one district.</summary>
    public const string HomeDistrictVariable = "BUDGETMESH_CONSOLE_DISTRICT";

    public static DistrictPicker Choose(string requestedDistrict, int requestedYear, IReadOnlyList<SubmissionSummary> queue, IConfiguration configuration, int currentYear)
    {
        var home = configuration[HomeDistrictVariable] is { Length: 6 } configured ? configured : null;
        var district = requestedDistrict.Length > 0 ? requestedDistrict
            : home ?? queue.GroupBy(s => s.DistrictCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? string.Empty;
        var districtYears = queue.Where(s => s.DistrictCode == district).Select(s => s.BudgetYear).Where(y => y > 0).ToList();
        var year = requestedYear != 0 ? requestedYear : districtYears.Count > 0 ? districtYears.Max() : currentYear;

        var districts = queue.Select(s => s.DistrictCode).Append(district).Concat(home is null ? [] : [home])
            .Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var years = districtYears.Append(year).Append(currentYear).Distinct().OrderDescending().ToList();
        return new DistrictPicker(district, year, districts, years);
    }

    public Markup Form()
    {
        var districts = Markup.Join(Districts.Select(d => d == District
            ? Markup.Of($"""<option value="{d}" selected>{DistrictNames.Label(d)}</option>""")
            : Markup.Of($"""<option value="{d}">{DistrictNames.Label(d)}</option>""")));
        var years = Markup.Join(Years.Select(y => Markup.Of($"""<option value="{y.ToString(CultureInfo.InvariantCulture)}"></option>""")));
        return Markup.Of($"""
            <form method="get" action="/district" class="filters" id="district-picker">
            <label>区县 <select name="district" id="district-select">{districts}</select></label>
            <label>预算年度 <input name="year" id="year-input" type="number" inputmode="numeric" value="{Year.ToString(CultureInfo.InvariantCulture)}" list="district-years" size="5"></label>
            <datalist id="district-years">{years}</datalist>
            <button type="submit">查询</button></form>
            """);
    }
}
