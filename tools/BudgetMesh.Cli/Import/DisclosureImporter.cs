using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Published disclosure text (the seeds' forms, or `pdftotext -layout` output) to a package. Pure: text in,
/// package out. The narrative runs from the first line to the first annex heading; each annex is recognised by its
/// title (<see cref="TableTitles"/>), its lines cut into rows (<see cref="Sections"/>, <see cref="LineTokenizer"/>) and
/// read by the reader of its layout family. Whatever cannot be placed is returned line by line, never dropped.
/// </summary>
internal static partial class DisclosureImporter
{
    public static ImportResult Import(string text, ImportOptions options)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var sections = Sections.Split(lines, options.Layouts);
        var package = NewPackage();
        package.Narrative.Text = Narrative(lines, sections.NarrativeEnd);
        var notes = new List<string>();
        HeaderReader.Read(package.Header, lines[..sections.NarrativeEnd], [], text, sections.Tables.Select(s => s.Unit).ToList(), options, notes);
        return Assemble(package, sections.Tables, sections.Stray, notes, options.Layouts);
    }

    public static BudgetPackage NewPackage() => new() { Header = new PackageHeader(), Narrative = new Narrative(), Tables = new AnnexTables() };

    /// <summary>Reads every section into the package (header already read), infers what tables do not print, and collects what stays unplaced.</summary>
    public static ImportResult Assemble(BudgetPackage package, IReadOnlyList<Section> tables, IEnumerable<UnplacedLine> stray, List<string> notes, LayoutProfiles layouts)
    {
        var unplaced = new List<UnplacedLine>();
        var recognised = new List<string>();
        foreach (var section in tables)
        {
            section.Layout ??= layouts.Find(section.Title) ?? layouts.OfKey(section.Key);
            var meta = new TableMeta
            {
                PrintedTitle = section.Title,
                AnnexLabel = section.Label,
                Unit = section.Unit == AmountUnit.Unspecified && section.Key is not ("ZT" or "XJ") ? package.Header.AmountUnit : section.Unit,
            };
            if (Read(section, meta, package.Tables, notes))
            {
                recognised.Add(section.Key);
                section.Rows.Where(r => r.IsHeader).ToList().ForEach(r => r.Placed = true);
            }
            else
            {
                var unknown = section.Key == Layout.LayoutReader.UnknownKey;
                notes.Add(unknown
                    ? $"{section.Label}{section.Title}：版式配置中没有这张表，其各行列为未能放置的行"
                    : $"{section.Label}{section.Title}（{section.Key}）：此类表暂不能自动导入，其各行列为未能放置的行");
                section.Rows.ForEach(r => (r.Placed, r.Reason) = (false, unknown ? "未知的表" : "此类表暂不能自动导入"));
            }

            unplaced.AddRange(section.Rows.Where(r => !r.Placed).SelectMany(r => r.Lines.Select(l => l with { Table = section.Key, Reason = r.Reason ?? "该行不符合此表的版式" })));
        }

        PackageInferences.Apply(package, notes);
        unplaced.AddRange(stray);
        unplaced.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        return new ImportResult(package, recognised, notes, unplaced) { Sections = tables };
    }

    /// <summary>One reader per layout family; false when the section's layout is not one the reader knows.</summary>
    private static bool Read(Section section, TableMeta meta, AnnexTables tables, List<string> notes)
    {
        switch (section.Key)
        {
            case "CZ": tables.Cz = TwoSidedReader.FiscalFunds(section, meta); return true;
            case "SZ": tables.Sz = TwoSidedReader.Department(section, meta); return true;
            case "GF": tables.Gf = CodedTableReader.Function(section, meta, notes); return true;
            case "JJ": tables.Jj = CodedTableReader.Function(section, meta, notes); return true;
            case "GZ": tables.Gz = CodedTableReader.Function(section, meta, notes); return true;
            case "ZC": tables.Zc = CodedTableReader.Function(section, meta, notes); return true;
            case "JB": tables.Jb = CodedTableReader.Basic(section, meta, notes); return true;
            case "JBG": tables.Jbg = CodedTableReader.Economic(section, meta, notes); return true;
            case "XMJ": tables.Xmj = CodedTableReader.Economic(section, meta, notes); return true;
            case "XMG": tables.Xmg = CodedTableReader.Economic(section, meta, notes); return true;
            case "SG": tables.Sg = ThreePublicReader.Read(section, meta); return true;
            case "SR": return (tables.Sr = CodedTableReader.IncomeBySource(section, meta, notes)) is not null;
            case "CG": return (tables.Cg = ProcurementReader.Read(section, meta, notes)) is not null;
            case "ZT": tables.Zt = TargetReader.Read(section, meta, notes); return true;
            case "XJ": tables.Xj.Add(TargetReader.ReadProject(section, meta, notes)); return true;
            default: return false;
        }
    }

    /// <summary>
    /// From the first non-blank line through the line before the first annex heading, without trailing blank lines, as
    /// printed (line breaks and blank lines kept: the seeds' convention) except for the narrative hygiene shared with the
    /// PDF path (<see cref="Prose"/>): no control characters or page breaks, and a line the page width wrapped joined to
    /// the one before. Text carries no positions, so a wrap is taken only where the text shows one: at least three lines
    /// end at the same right edge (text extracted with `-layout`), the line before ends there without sentence-final
    /// punctuation, and the line goes on at the margin without a heading or list marker. Blank lines a page break left
    /// between the two are dropped with the break.
    /// </summary>
    private static string Narrative(string[] lines, int end)
    {
        var first = Array.FindIndex(lines, l => Prose.Clean(l).Trim().Length > 0);
        if (first < 0 || first >= end)
        {
            return string.Empty;
        }

        var last = end - 1;
        while (last > first && Prose.Clean(lines[last]).Trim().Length == 0)
        {
            last--;
        }

        var printed = lines[first..(last + 1)];
        var cleaned = printed.Select(Prose.Clean).ToArray();
        // Blank lines just before a page break: the foot of a page, not a paragraph break.
        var padding = new bool[printed.Length];
        for (var i = printed.Length - 2; i >= 0; i--)
        {
            padding[i] = cleaned[i].Trim().Length == 0 && (printed[i + 1].Contains('\f', StringComparison.Ordinal) || padding[i + 1]);
        }

        var kept = Enumerable.Range(0, printed.Length).Where(i => !padding[i]).ToList();
        var right = kept.Select(i => Prose.Columns(cleaned[i].TrimEnd())).ToList();
        var edge = right.Count == 0 ? 0 : right.Max();
        var wraps = right.Count(r => r > 0 && r >= edge - TextEm * 2.5) >= 3;
        var prose = kept.Select(i => new ProseLine(cleaned[i], Prose.Columns(cleaned[i]) - Prose.Columns(cleaned[i].TrimStart()), Prose.Columns(cleaned[i].TrimEnd()), TextEm, wraps, 0)).ToList();
        var margin = prose.Where(p => p.Text.Trim().Length > 0).Select(p => p.Left).DefaultIfEmpty(0).Min();
        var continues = Prose.Continuations(prose, (previous, line) =>
            !SentenceEnd().IsMatch(previous.Text.TrimEnd()) && line.Left <= margin + TextEm );

        var text = new System.Text.StringBuilder(cleaned[kept[0]]);
        for (var k = 1; k < kept.Count; k++)
        {
            if (continues[k])
            {
                while (text.Length > 0 && text[^1] == ' ')
                {
                    text.Length--;
                }

                text.Append(cleaned[kept[k]].Trim());
                continue;
            }

            for (var i = kept[k - 1] + 1; i < kept[k]; i++)
            {
                text.Append('\n').Append(cleaned[i]);
            }

            text.Append('\n').Append(cleaned[kept[k]]);
        }

        return text.ToString();
    }

    private const double TextEm = 2;

    [GeneratedRegex(@"[。！？；：!?;:…]$")]
    private static partial Regex SentenceEnd();
}
