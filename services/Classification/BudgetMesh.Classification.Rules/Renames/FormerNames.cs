using System.Globalization;
using System.Text;
using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Renames;

/// <summary>A class renamed by the ministry: from <paramref name="RenamedIn"/> on, <paramref name="FormerName"/> is outdated.</summary>
internal sealed record Rename(Scheme Scheme, string Code, string FormerName, string Name, int RenamedIn, string Source);

/// <summary>
/// The renames of classification codes by budget year (Renames/renames.csv, embedded; each with its source), so that
/// a name that was right for an earlier year is reported as outdated, not as unknown or wrong.
/// </summary>
internal sealed class FormerNames
{
    private readonly IReadOnlyList<Rename> _renames;

    private FormerNames(IReadOnlyList<Rename> renames) => _renames = renames;

    public static FormerNames BuiltIn { get; } = Load();

    public IReadOnlyList<Rename> All => _renames;

    /// <summary>The rename that makes <paramref name="printedName"/> outdated for this code in <paramref name="budgetYear"/>, if any.</summary>
    public Rename? Outdated(Scheme scheme, string code, string printedName, int budgetYear)
    {
        // SZ/CZ lines print the 类 with its numbering ("三、医疗卫生与计划生育支出").
        var printed = NameNormalizer.Normalize(printedName).TrimStart("一二三四五六七八九十、.".ToCharArray());
        foreach (var rename in _renames)
        {
            if (rename.Scheme == scheme && rename.Code == code && rename.RenamedIn <= budgetYear && NameNormalizer.Normalize(rename.FormerName) == printed)
            {
                return rename;
            }
        }

        return null;
    }

    /// <summary>The renames outdated in <paramref name="budgetYear"/>.</summary>
    public IEnumerable<Rename> OutdatedIn(int budgetYear) => _renames.Where(r => r.RenamedIn <= budgetYear);

    /// <summary>Reads a renames file; a broken line names its line and reason.</summary>
    public static FormerNames Parse(string text)
    {
        var records = CatalogCsv.Parse(text, out var error);
        if (error is not null)
        {
            throw new InvalidDataException($"renames.csv: {error}");
        }

        var renames = new List<Rename>();
        foreach (var record in records.Skip(1))
        {
            var cells = record.Cells;
            if (cells.Count != 6)
            {
                throw new InvalidDataException($"renames.csv 第 {record.Line} 行：应有 6 列（scheme,code,former_name,name,renamed_in,source），实有 {cells.Count} 列。");
            }

            var scheme = CodeShape.Parse(cells[0]) ?? throw new InvalidDataException($"renames.csv 第 {record.Line} 行：scheme “{cells[0]}” 未知。");
            if (!CodeShape.IsDigits(cells[1]) || CodeShape.LevelOf(scheme, cells[1].Length) is null)
            {
                throw new InvalidDataException($"renames.csv 第 {record.Line} 行：code “{cells[1]}” 不是该分类的科目编码。");
            }

            if (!int.TryParse(cells[4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1990 or > 2100)
            {
                throw new InvalidDataException($"renames.csv 第 {record.Line} 行：renamed_in “{cells[4]}” 不是年份。");
            }

            if (cells[2].Trim().Length == 0 || cells[3].Trim().Length == 0 || cells[5].Trim().Length == 0)
            {
                throw new InvalidDataException($"renames.csv 第 {record.Line} 行：旧称、新称和来源均须填写。");
            }

            renames.Add(new Rename(scheme, cells[1], cells[2].Trim(), cells[3].Trim(), year, cells[5].Trim()));
        }

        return new FormerNames(renames);
    }

    private static FormerNames Load()
    {
        using var stream = typeof(FormerNames).Assembly.GetManifestResourceStream("Renames/renames.csv")
            ?? throw new InvalidOperationException("The built-in renames (Renames/renames.csv) are missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }
}
