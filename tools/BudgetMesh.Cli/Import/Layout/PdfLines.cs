using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace BudgetMesh.Cli.Import.Layout;

/// <summary>
/// A PDF's letters (PdfPig) grouped into printed lines and words by geometry alone: letters sharing a baseline form a
/// line; a gap wider than a quarter of the font size (or a printed space) separates two words. Nothing here knows
/// what a budget table is.
/// </summary>
internal static class PdfLines
{
    private const double WordGap = 0.25;

    public static List<PrintedPage> Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<PrintedPage>();
        var number = 0;
        foreach (var page in document.GetPages())
        {
            var lines = Lines(page, ref number);
            pages.Add(new PrintedPage(page.Number, page.Width, lines));
        }

        return pages;
    }

    private static List<PrintedLine> Lines(Page page, ref int number)
    {
        // Only what the page shows: text placed outside its crop box is not printed.
        var visible = page.CropBox.Bounds;
        var letters = page.Letters
            .Where(l => !string.IsNullOrEmpty(l.Value) && !char.IsControl(l.Value[0]))
            .Where(l => l.StartBaseLine.Y >= visible.Bottom && l.StartBaseLine.Y <= visible.Top && l.StartBaseLine.X >= visible.Left && l.StartBaseLine.X <= visible.Right)
            .Select(l => new Glyph(Radicals.Ideographs(l.Value), l.StartBaseLine.X, l.EndBaseLine.X, page.Height - l.StartBaseLine.Y, Math.Max(l.PointSize, 1)))
            .DistinctBy(g => (g.Value, Math.Round(g.Left, 1), Math.Round(g.Baseline, 1)))
            .OrderBy(g => g.Baseline).ThenBy(g => g.Left)
            .ToList();

        var rows = new List<List<Glyph>>();
        foreach (var glyph in letters)
        {
            var row = rows.Count > 0 ? rows[^1] : null;
            if (row is not null && Math.Abs(row[0].Baseline - glyph.Baseline) <= row[0].Size * 0.3)
            {
                row.Add(glyph);
            }
            else
            {
                rows.Add([glyph]);
            }
        }

        var lines = new List<PrintedLine>();
        foreach (var row in rows)
        {
            var words = Words(row.OrderBy(g => g.Left).ToList());
            if (words.Count == 0)
            {
                continue;
            }

            var size = row.Max(g => g.Size);
            var baseline = row.Average(g => g.Baseline);
            lines.Add(new PrintedLine(++number, page.Number, baseline - size * 0.8, baseline + size * 0.2, size, words));
        }

        return lines;
    }

    private static List<PrintedWord> Words(List<Glyph> glyphs)
    {
        var words = new List<PrintedWord>();
        var text = new System.Text.StringBuilder();
        double left = 0, right = 0;
        bool space = false, spaceBefore = false;
        void Flush()
        {
            if (text.Length > 0)
            {
                words.Add(new PrintedWord(text.ToString(), left, right, spaceBefore));
                text.Clear();
            }
        }

        foreach (var glyph in glyphs)
        {
            if (string.IsNullOrWhiteSpace(glyph.Value) || glyph.Value[0] == '\u3000')
            {
                Flush();
                space = true;
                continue;
            }

            if (text.Length > 0 && glyph.Left - right > glyph.Size * WordGap)
            {
                Flush();
            }

            if (text.Length == 0)
            {
                left = glyph.Left;
                spaceBefore = space;
            }

            space = false;
            text.Append(glyph.Value);
            right = Math.Max(right, glyph.Right);
        }

        Flush();
        return words;
    }

    private sealed record Glyph(string Value, double Left, double Right, double Baseline, double Size);
}
