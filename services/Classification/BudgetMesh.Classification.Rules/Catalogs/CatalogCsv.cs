using System.Text;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>One CSV record and the physical line it starts on (1-based).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Cells);

/// <summary>RFC 4180 CSV as spreadsheets write it: commas, double-quoted cells with "" escapes, LF or CRLF.</summary>
internal static class CatalogCsv
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 strictly, so a file saved as GBK is refused with the line of the first bad byte.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out LineError? error)
    {
        error = null;
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var line = 1 + bytes[..Math.Clamp(ex.Index, 0, bytes.Length)].Count((byte)'\n');
            error = new LineError(line, "不是 UTF-8 编码的文本（请另存为 UTF-8 CSV）");
            return null;
        }
    }

    public static IReadOnlyList<CsvRecord> Parse(string text, out LineError? error)
    {
        error = null;
        var records = new List<CsvRecord>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var cellWasQuoted = false;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0 && !cellWasQuoted:
                    quoted = true;
                    cellWasQuoted = true;
                    quoteLine = line;
                    break;
                case '"':
                    error = new LineError(line, "引号只能包住整个单元格");
                    return records;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellWasQuoted = false;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    AddRecord(records, recordLine, cells);
                    cells = [];
                    cell.Clear();
                    cellWasQuoted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (cellWasQuoted)
                    {
                        error = new LineError(line, "引号后面不能再有字符");
                        return records;
                    }

                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            error = new LineError(quoteLine, "引号没有闭合");
            return records;
        }

        if (cell.Length > 0 || cells.Count > 0 || cellWasQuoted)
        {
            cells.Add(cell.ToString());
            AddRecord(records, recordLine, cells);
        }

        return records;
    }

    private static void AddRecord(List<CsvRecord> records, int line, List<string> cells)
    {
        // Blank lines (often at the end of a file) carry nothing.
        if (cells.Count == 1 && cells[0].Length == 0)
        {
            return;
        }

        records.Add(new CsvRecord(line, cells));
    }
}
