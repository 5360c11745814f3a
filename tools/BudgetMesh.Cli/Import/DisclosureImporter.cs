using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Published disclosure text (the seeds' forms, or `pdftotext -layout` output) to a package. Pure: text in,
/// package out. The narrative runs from the first line to the first annex heading; each annex is recognised by its
/// title (<see cref="TableTitles"/>), its lines cut into rows (<see cref="Sections"/>, <see cref="LineTokenizer"/>) and
/// read by the reader of its layout family. Whatever cannot be placed is returned line by line, never dropped.
/// </summary>
internal static class DisclosureImporter
{
    public static ImportResult Import(string text, ImportOptions options)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var sections = Sections.Split(lines);
        var package = NewPackage();
        package.Narrative.Text = Narrative(lines, sections.NarrativeEnd);
        var notes = new List<string>();
        HeaderReader.Read(package.Header, lines[..sections.NarrativeEnd], [], text, sections.Tables.Select(s => s.Unit).ToList(), options, notes);
        return Assemble(package, sections.Tables, sections.Stray, notes);
    }

    public static BudgetPackage NewPackage() => new() { Header = new PackageHeader(), Narrative = new Narrative(), Tables = new AnnexTables() };

    /// <summary>Reads every section into the package (header already read), infers what tables do not print, and collects what stays unplaced.</summary>
    public static ImportResult Assemble(BudgetPackage package, IReadOnlyList<Section> tables, IEnumerable<UnplacedLine> stray, List<string> notes)
    {
        var unplaced = new List<UnplacedLine>();
        var recognised = new List<string>();
        foreach (var section in tables)
        {
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
            case "GF": tables.Gf = CodedTableReader.Function(section, meta); return true;
            case "JJ": tables.Jj = CodedTableReader.Function(section, meta); return true;
            case "GZ": tables.Gz = CodedTableReader.Function(section, meta); return true;
            case "ZC": tables.Zc = CodedTableReader.Function(section, meta); return true;
            case "JB": tables.Jb = CodedTableReader.Basic(section, meta); return true;
            case "JBG": tables.Jbg = CodedTableReader.Economic(section, meta); return true;
            case "XMJ": tables.Xmj = CodedTableReader.Economic(section, meta); return true;
            case "XMG": tables.Xmg = CodedTableReader.Economic(section, meta); return true;
            case "SG": tables.Sg = ThreePublicReader.Read(section, meta); return true;
            case "SR": return (tables.Sr = CodedTableReader.IncomeBySource(section, meta, notes)) is not null;
            case "CG": return (tables.Cg = ProcurementReader.Read(section, meta, notes)) is not null;
            case "ZT": tables.Zt = TargetReader.Read(section, meta, notes); return true;
            case "XJ": tables.Xj.Add(TargetReader.ReadProject(section, meta, notes)); return true;
            default: return false;
        }
    }

    /// <summary>From the first non-blank line through the line before the first annex heading, without trailing blank lines.</summary>
    private static string Narrative(string[] lines, int end)
    {
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0 || first >= end)
        {
            return string.Empty;
        }

        var last = end - 1;
        while (last > first && lines[last].Trim().Length == 0)
        {
            last--;
        }

        return string.Join('\n', lines[first..(last + 1)]);
    }
}
