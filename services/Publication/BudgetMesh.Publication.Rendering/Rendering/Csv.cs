using System.Text;
using System.Text.RegularExpressions;

namespace BudgetMesh.Publication.Rendering;

/// <summary>
/// RFC 4180 CSV for Excel: UTF-8 with BOM (Excel otherwise guesses GBK and garbles Chinese), CRLF, fields quoted
/// when they hold a comma, quote, line break or edge spaces. Amounts are the package's own decimal strings, so
/// the file carries exactly the approved numbers. Formula injection: a text cell starting with = + - @ tab or
/// CR is prefixed with an apostrophe (the OWASP mitigation), plain numbers such as -3.5 are left alone.
/// </summary>
internal static partial class Csv
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static byte[] Write(DisclosureTable table)
    {
        var csv = new StringBuilder();
        if (table.Fields.Count > 0)
        {
            Line(csv, ["项目", "内容"]);
            foreach (var field in table.Fields)
            {
                var label = field.Kind == CellKind.Amount ? $"{field.Label}（{table.UnitText}）" : field.Label;
                Line(csv, [Cell(label, CellKind.Text), Cell(field.Value, field.Kind)]);
            }

            csv.Append("\r\n");
        }

        Line(csv, [.. table.Columns.Select(c => Cell(c.Kind == CellKind.Amount ? $"{c.Header}（{table.UnitText}）" : c.Header, CellKind.Text))]);
        foreach (var row in table.Rows)
        {
            Line(csv, [.. row.Cells.Select((cell, i) => Cell(cell, table.Columns[i].Kind))]);
        }

        return [.. Bom, .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>One cell as written (quoted when needed), for tests and the writer alike.</summary>
    public static string Cell(string? value, CellKind kind)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (!(kind == CellKind.Amount && PlainNumber().IsMatch(value)) && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value[0] == ' ' || value[^1] == ' ';
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder csv, IEnumerable<string> cells) => csv.AppendJoin(',', cells).Append("\r\n");

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();
}
