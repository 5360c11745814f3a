using System.Text;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Export;

/// <summary>A report as CSV (UTF-8 with BOM so that spreadsheet programs read the Chinese), one row per finding.</summary>
internal static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Header = ["规则", "负责服务", "结果", "严重程度", "表", "科目编码", "列", "行号", "说明", "应为", "实为", "差额", "容差", "单位"];

    public static byte[] Write(Report report)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var result in report.Results)
        {
            foreach (var finding in result.Findings)
            {
                var first = finding.Locations.FirstOrDefault() ?? new Location();
                Line(text,
                [
                    finding.RuleId, result.Owner, result.Outcome.ToString(), finding.Severity.ToString(),
                    first.Table.ToString().ToUpperInvariant(), first.RowCode, first.Column,
                    first.RowIndex >= 0 ? (first.RowIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : first.Label,
                    finding.Message, finding.Expected, finding.Actual, finding.Difference, finding.Tolerance, finding.Unit,
                ]);
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Escape));
        text.Append("\r\n");
    }

    /// <summary>RFC 4180 quoting, plus a leading quote mark for text a spreadsheet would run as a formula.</summary>
    private static string Escape(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(cell, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
