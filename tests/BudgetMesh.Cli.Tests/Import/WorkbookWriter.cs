using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>One sheet: its name, its cells by (row, column), and merged ranges.</summary>
internal sealed class Sheet(string name)
{
    public string Name { get; } = name;

    public SortedDictionary<(int Row, int Column), Cell> Cells { get; } = [];

    public List<(int Row, int Column, int ToRow, int ToColumn)> Merges { get; } = [];

    /// <summary>Text in a cell, merged over the given extent (1-based rows and columns).</summary>
    public void Text(int row, int column, string text, int rows = 1, int columns = 1)
    {
        Cells[(row, column)] = new Cell(text, null);
        if (rows > 1 || columns > 1)
        {
            Merges.Add((row, column, row + rows - 1, column + columns - 1));
        }
    }

    /// <summary>A printed amount as a number cell shown with the printed decimals (and grouping where the page groups).</summary>
    public void Amount(int row, int column, string? printed, bool grouped = false)
    {
        if (!string.IsNullOrEmpty(printed))
        {
            Cells[(row, column)] = new Cell(printed, Format(printed, grouped));
        }
    }

    /// <summary>One side of a two-sided table's row: its label, then its amounts (grouped) in the columns after it.</summary>
    public void Side(int row, int column, string?[] cells)
    {
        if (cells.Length == 0)
        {
            return;
        }

        Text(row, column, cells[0] ?? string.Empty);
        for (var k = 1; k < cells.Length; k++)
        {
            Amount(row, column + k, cells[k], grouped: true);
        }
    }

    private static string Format(string printed, bool grouped)
    {
        var dot = printed.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? string.Empty : "." + new string('0', printed.Length - dot - 1);
        return (grouped ? "#,##0" : "0") + decimals;
    }
}

/// <summary>A cell's value; a number format makes it a number cell.</summary>
internal sealed record Cell(string Value, string? NumberFormat);

/// <summary>
/// A minimal .xlsx writer (OpenXML parts by hand, no package): shared-nothing inline strings, number cells with their
/// number format, merged ranges, one part per sheet. Enough to write a district's annex tables as a workbook.
/// </summary>
internal static class WorkbookWriter
{
    public static byte[] Write(IReadOnlyList<Sheet> sheets)
    {
        var formats = sheets.SelectMany(s => s.Cells.Values).Select(c => c.NumberFormat).OfType<string>().Distinct().ToList();
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            void Add(string name, string content)
            {
                var entry = zip.CreateEntry(name);
                entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(content);
            }

            var overrides = string.Concat(sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
            Add("[Content_Types].xml", $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            var sheetList = string.Concat(sheets.Select((s, i) => $"<sheet name=\"{WebUtility.HtmlEncode(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>"));
            Add("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheetList}</sheets></workbook>""");
            var relations = string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"));
            Add("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relations}<Relationship Id="rId{sheets.Count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            var numFmts = string.Concat(formats.Select((f, i) => $"<numFmt numFmtId=\"{164 + i}\" formatCode=\"{WebUtility.HtmlEncode(f)}\"/>"));
            var xfs = string.Concat(formats.Select((_, i) => $"<xf numFmtId=\"{164 + i}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"));
            Add("xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="{formats.Count}">{numFmts}</numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{formats.Count + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>{xfs}</cellXfs></styleSheet>""");
            for (var i = 0; i < sheets.Count; i++)
            {
                Add($"xl/worksheets/sheet{i + 1}.xml", SheetXml(sheets[i], formats));
            }
        }

        return stream.ToArray();
    }

    private static string SheetXml(Sheet sheet, List<string> formats)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        foreach (var row in sheet.Cells.GroupBy(c => c.Key.Row))
        {
            xml.Append($"<row r=\"{row.Key}\">");
            foreach (var (key, cell) in row)
            {
                var reference = Reference(key.Row, key.Column);
                xml.Append(cell.NumberFormat is { } format
                    ? $"<c r=\"{reference}\" s=\"{formats.IndexOf(format) + 1}\"><v>{decimal.Parse(cell.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}</v></c>"
                    : $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{WebUtility.HtmlEncode(cell.Value)}</t></is></c>");
            }

            xml.Append("</row>");
        }

        xml.Append("</sheetData>");
        if (sheet.Merges.Count > 0)
        {
            xml.Append($"<mergeCells count=\"{sheet.Merges.Count}\">");
            foreach (var (row, column, toRow, toColumn) in sheet.Merges)
            {
                xml.Append($"<mergeCell ref=\"{Reference(row, column)}:{Reference(toRow, toColumn)}\"/>");
            }

            xml.Append("</mergeCells>");
        }

        return xml.Append("</worksheet>").ToString();
    }

    private static string Reference(int row, int column) => $"{(char)('A' + column - 1)}{row}";
}
