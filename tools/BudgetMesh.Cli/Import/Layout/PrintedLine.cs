namespace BudgetMesh.Cli.Import.Layout;

/// <summary>A run of letters without a gap wider than a fraction of the font size: one word, or one cell's text.</summary>
/// <param name="AfterSpace">Whether a space character was printed before it (not only a gap).</param>
internal sealed record PrintedWord(string Text, double Left, double Right, bool AfterSpace = false)
{
    public double Center => (Left + Right) / 2;

    public double Width => Right - Left;

    /// <summary>Whether the word overlaps the span [left, right] horizontally.</summary>
    public bool Overlaps(double left, double right) => Left < right && left < Right;
}

/// <summary>
/// One printed line with its words left to right and its place on the page (top down: <see cref="Top"/> grows
/// downwards). <see cref="Number"/> is the line's 1-based position in the whole document, used to report it.
/// </summary>
internal sealed record PrintedLine(int Number, int Page, double Top, double Bottom, double FontSize, IReadOnlyList<PrintedWord> Words)
{
    public double Left => Words[0].Left;

    public double Right => Words[^1].Right;

    /// <summary>The words joined as printed: one space where a gap separated them.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));

    /// <summary>The words joined without separators (Chinese text has none).</summary>
    public string Compact => string.Concat(Words.Select(w => w.Text));
}

/// <summary>A page's lines and its width.</summary>
internal sealed record PrintedPage(int Number, double Width, IReadOnlyList<PrintedLine> Lines)
{
    /// <summary>Whether the page width wraps its text (a PDF page); a spreadsheet's cells hold whole paragraphs.</summary>
    public bool Reflowed { get; init; } = true;
}
