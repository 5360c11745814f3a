using System.Data;
using ExcelDataReader;

namespace BudgetMesh.Cli.Import.Layout;

/// <summary>
/// A spreadsheet disclosure (.xlsx/.xls, ExcelDataReader) as printed lines: each sheet a page, each row a line, each
/// non-empty cell a word placed over its column (over all its columns when merged across), so the tables are read by
/// the same positional reader as a PDF: a merged 功能分类科目编码 spans 类/款/项, a blank cell stays blank. A cell's
/// own line breaks are joined (a header written over two lines is one name).
/// </summary>
internal static class XlsxLines
{
    private const double Column = 100;
    private const double Row = 20;
    private const double Size = 12;

    static XlsxLines() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static List<PrintedPage> Read(Stream workbook)
    {
        using var reader = ExcelReaderFactory.CreateReader(workbook);
        var pages = new List<PrintedPage>();
        var number = 0;
        var sheet = 0;
        do
        {
            sheet++;
            var merged = reader.MergeCells ?? [];
            var lines = new List<PrintedLine>();
            var rowIndex = 0;
            while (reader.Read())
            {
                var words = new List<PrintedWord>();
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    var text = Text(reader.GetValue(column), reader.GetNumberFormatString(column));
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    var span = merged.FirstOrDefault(m => m.FromRow == rowIndex && m.FromColumn == column);
                    var last = span is null ? column : span.ToColumn;
                    // A little gap at each side: the cell boundaries are where the reader looks for column gaps.
                    words.Add(new PrintedWord(text, column * Column + 2, (last + 1) * Column - 2));
                }

                if (words.Count > 0)
                {
                    lines.Add(new PrintedLine(++number, sheet, rowIndex * Row, rowIndex * Row + Size, Size, words));
                }

                rowIndex++;
            }

            pages.Add(new PrintedPage(sheet, reader.FieldCount * Column, lines) { Reflowed = false });
        }
        while (reader.NextResult());

        return pages;
    }

    /// <summary>
    /// A cell as text: a number as the sheet shows it (the decimals its number format prints: `0.00` shows 0 as "0.00"),
    /// without grouping; line breaks inside a cell joined.
    /// </summary>
    private static string Text(object? value, string? format) => value switch
    {
        null => string.Empty,
        double d when Decimals(format) is { } decimals => d.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Concat((Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
            .Split('\n').Select(l => l.Trim())),
    };

    /// <summary>The decimals a fixed number format prints (`#,##0.00` → 2, `0` → 0); null for General and anything else.</summary>
    private static int? Decimals(string? format)
    {
        var section = format?.Split(';')[0].Trim();
        if (string.IsNullOrEmpty(section) || !section.All(c => c is '0' or '#' or ',' or '.'))
        {
            return null;
        }

        var dot = section.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : section.Length - dot - 1;
    }
}
