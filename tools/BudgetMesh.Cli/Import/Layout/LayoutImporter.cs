using System.Text;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import.Layout;

/// <summary>
/// A document read by position (<see cref="LayoutReader"/>) to a package: each table becomes a section whose rows hold
/// their cells in the printed columns (a blank cell stays blank, split 类/款/项 joined), read by the same readers as text;
/// the narrative is the printed prose with lines a page width wrapped joined and no control characters.
/// </summary>
internal static partial class LayoutImporter
{
    public static ImportResult Import(List<PrintedPage> pages, ImportOptions options)
    {
        var document = LayoutReader.Read(pages, options.Layouts);
        var sections = document.Tables.Select(ToSection).ToList();
        var package = DisclosureImporter.NewPackage();
        package.Narrative.Text = Narrative(document);
        var notes = document.Repeated.GroupBy(l => l.Page)
            .Select(g => $"第 {g.Key} 页开头 {g.Count()} 行（{g.First().Text[..Math.Min(12, g.First().Text.Length)]}…）与上页末尾重复印出，正文只收一次").ToList();
        var headings = document.Tables.SelectMany(t => t.Heading).Select(l => l.Text).ToList();
        var all = string.Join('\n', pages.SelectMany(p => p.Lines).Select(l => l.Text));
        HeaderReader.Read(package.Header, document.Narrative.Select(l => l.Text).ToList(), headings, all, sections.Select(s => s.Unit).ToList(), options, notes);
        return DisclosureImporter.Assemble(package, sections, [], notes, options.Layouts);
    }

    private static Section ToSection(LaidOutTable table)
    {
        var section = new Section { Key = table.Key, Label = table.Label, Title = table.Title, ReadByPosition = true };
        foreach (var line in table.Heading.Prepend(table.TitleLine))
        {
            if (TableTitles.Unit(line.Compact) is not AmountUnit.Unspecified and var unit)
            {
                section.Unit = unit;
            }
        }

        if (!table.Free && table.Leaves.Count > 0)
        {
            section.Columns = table.ColumnNames();
            var headerLines = table.HeaderLines.Concat(table.RepeatedHeaders).Select(Unplaced).ToList();
            section.Rows.Add(new Row([.. section.Columns], headerLines) { Placed = true, IsHeader = true });
        }

        foreach (var row in table.Rows)
        {
            section.Rows.Add(new Row(table.Free ? table.Cells(row) : table.JoinedCells(row), row.Select(Unplaced).ToList()));
        }

        section.Remarks.AddRange(Notes(table.Notes));
        return section;
    }

    /// <summary>Notes without their 注:/注： label; a note's wrapped lines joined.</summary>
    private static IEnumerable<string> Notes(List<PrintedLine> lines)
    {
        var notes = new List<StringBuilder>();
        foreach (var line in lines)
        {
            var text = line.Compact;
            var label = NoteLabelPattern().Match(text);
            if (label.Success || notes.Count == 0)
            {
                notes.Add(new StringBuilder(label.Success ? text[label.Length..] : text));
            }
            else
            {
                notes[^1].Append(text);
            }
        }

        return notes.Select(n => n.ToString().Trim());
    }

    /// <summary>
    /// Paragraphs in page order: a line joins the one before it (no separator) when that one started at the margin and ran
    /// to the right edge of the printed text, on the same page or at the foot of the previous one; otherwise it starts a
    /// new paragraph.
    /// </summary>
    private static string Narrative(LaidOutDocument document)
    {
        // The right edge of prose on pages of the same width (a page holding one heading line says nothing of its own).
        var widths = document.Pages.ToDictionary(p => p.Number, p => Math.Round(p.Width));
        var reflowed = document.Pages.ToDictionary(p => p.Number, p => p.Reflowed);
        var lines = document.Narrative.Select(l => new ProseLine(Prose.Clean(l.Text).Trim(), l.Left, l.Right, l.FontSize, reflowed[l.Page], widths[l.Page]))
            .Where(l => l.Text.Length > 0).ToList();
        var continues = Prose.Continuations(lines);
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(i == 0 || continues[i] ? string.Empty : "\n").Append(lines[i].Text);
        }

        return text.ToString();
    }

    private static UnplacedLine Unplaced(PrintedLine line) => new(line.Number, line.Text);

    [GeneratedRegex(@"^(注|备注|说明)\s*\d*\s*[：:]\s*")]
    private static partial Regex NoteLabelPattern();
}
