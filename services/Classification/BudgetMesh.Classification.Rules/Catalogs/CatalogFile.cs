using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>
/// One parsed catalog file: the entries of one scheme, or 对照表 lines. A full file is the whole official
/// scheme (complete everywhere); a partial file adds to the catalog in force.
/// </summary>
internal sealed record CatalogFile(string Kind, bool Partial, IReadOnlyList<CatalogEntry> Entries, IReadOnlyList<EconomicMapping> Mappings)
{
    public const string MappingKind = "mapping";

    public bool IsMapping => Kind == MappingKind;

    public int Count => IsMapping ? Mappings.Count : Entries.Count;
}

/// <summary>
/// Reads catalog files in the reference data's columns (code,name,level,parent_code,status,sources,note, plus
/// provenance and printed_variants) and the mapping's (dept_code,gov_code_administrative,gov_code_public_institution,…),
/// checking every line; extra columns are allowed and ignored.
/// </summary>
internal static class CatalogFileReader
{
    private const int MaxErrors = 50;
    private static readonly string[] EntryColumns = ["code", "name", "level", "parent_code"];
    private static readonly string[] MappingColumns = ["dept_code", "gov_code_administrative", "gov_code_public_institution"];

    /// <param name="provenance">The provenance of every entry; null to read it from the file's provenance column.</param>
    /// <param name="knownParent">Whether a parent code the file does not hold is in the catalog the file is added to.</param>
    public static CatalogFile? ReadEntries(Scheme scheme, bool partial, string text, string? provenance, Func<string, bool> knownParent, out IReadOnlyList<LineError> errors)
    {
        var problems = new List<LineError>();
        errors = problems;
        var table = ReadTable(text, EntryColumns, problems);
        if (table is null)
        {
            return null;
        }

        var (records, column) = table.Value;
        var entries = new List<CatalogEntry>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (problems.Count >= MaxErrors)
            {
                break;
            }

            string Cell(string name) => column.TryGetValue(name, out var i) ? record.Cells[i].Trim() : string.Empty;
            var code = Cell("code");
            var name = Cell("name");
            var reason = CheckEntry(scheme, code, name, Cell("level"), Cell("parent_code"));
            if (reason is null && lineOf.TryGetValue(code, out var first))
            {
                reason = $"编码 {code} 与第 {first} 行重复";
            }

            if (reason is not null)
            {
                problems.Add(new LineError(record.Line, reason));
                continue;
            }

            lineOf[code] = record.Line;
            var variants = Cell("printed_variants").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var level = CodeShape.LevelOf(scheme, code.Length)!.Value;
            entries.Add(new CatalogEntry(scheme, code, name, level, CodeShape.ParentOf(code), provenance ?? NonEmpty(Cell("provenance"), "imported"), variants));
        }

        foreach (var entry in entries)
        {
            if (entry.ParentCode.Length > 0 && !lineOf.ContainsKey(entry.ParentCode) && !knownParent(entry.ParentCode) && problems.Count < MaxErrors)
            {
                problems.Add(new LineError(lineOf[entry.Code], $"上级科目 {entry.ParentCode} 既不在文件中，也不在现行目录中"));
            }
        }

        if (problems.Count == 0 && entries.Count == 0)
        {
            problems.Add(new LineError(1, "文件没有任何科目"));
        }

        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        return problems.Count == 0 ? new CatalogFile(CodeShape.NameOf(scheme), partial, entries, []) : null;
    }

    public static CatalogFile? ReadMapping(bool partial, string text, out IReadOnlyList<LineError> errors)
    {
        var problems = new List<LineError>();
        errors = problems;
        var table = ReadTable(text, MappingColumns, problems);
        if (table is null)
        {
            return null;
        }

        var (records, column) = table.Value;
        var mappings = new List<EconomicMapping>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (problems.Count >= MaxErrors)
            {
                break;
            }

            var department = record.Cells[column["dept_code"]].Trim();
            var administrative = record.Cells[column["gov_code_administrative"]].Trim();
            var institution = record.Cells[column["gov_code_public_institution"]].Trim();
            var reason = CheckMappingCode(department, Scheme.DepartmentEconomic, "dept_code", required: true)
                ?? CheckMappingCode(administrative, Scheme.GovernmentEconomic, "gov_code_administrative", required: false)
                ?? CheckMappingCode(institution, Scheme.GovernmentEconomic, "gov_code_public_institution", required: false);
            if (reason is null && lineOf.TryGetValue(department, out var first))
            {
                reason = $"编码 {department} 与第 {first} 行重复";
            }

            if (reason is not null)
            {
                problems.Add(new LineError(record.Line, reason));
                continue;
            }

            lineOf[department] = record.Line;
            mappings.Add(new EconomicMapping(department, administrative, institution));
        }

        if (problems.Count == 0 && mappings.Count == 0)
        {
            problems.Add(new LineError(1, "文件没有任何对照行"));
        }

        return problems.Count == 0 ? new CatalogFile(CatalogFile.MappingKind, partial, [], mappings) : null;
    }

    private static (IReadOnlyList<CsvRecord> Records, Dictionary<string, int> Column)? ReadTable(string text, string[] required, List<LineError> problems)
    {
        var records = CatalogCsv.Parse(text, out var csvError);
        if (csvError is not null)
        {
            problems.Add(csvError);
            return null;
        }

        if (records.Count == 0)
        {
            problems.Add(new LineError(1, "文件为空"));
            return null;
        }

        var header = records[0];
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            column.TryAdd(header.Cells[i].Trim().ToLowerInvariant(), i);
        }

        var missing = required.Where(c => !column.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new LineError(header.Line, $"表头缺少列：{string.Join("、", missing)}（应为 {string.Join(",", required)},…）"));
            return null;
        }

        var body = new List<CsvRecord>();
        foreach (var record in records.Skip(1))
        {
            if (record.Cells.Count != header.Cells.Count)
            {
                problems.Add(new LineError(record.Line, $"有 {record.Cells.Count} 列，表头有 {header.Cells.Count} 列"));
                continue;
            }

            body.Add(record);
        }

        return (body, column);
    }

    private static string? CheckEntry(Scheme scheme, string code, string name, string level, string parent)
    {
        if (!CodeShape.IsDigits(code))
        {
            return code.Length == 0 ? "编码为空" : $"编码“{code}”不是数字";
        }

        if (CodeShape.SchemeOf(code) != scheme)
        {
            return $"编码 {code} 不属于{CodeShape.ChineseName(scheme)}";
        }

        var expectedLevel = CodeShape.LevelOf(scheme, code.Length);
        if (expectedLevel is null)
        {
            return $"编码 {code} 的长度 {code.Length} 位不是{CodeShape.ChineseName(scheme)}的层级";
        }

        if (!int.TryParse(level, out var printedLevel) || printedLevel != expectedLevel)
        {
            return $"层级“{level}”与编码 {code} 不符，应为 {expectedLevel}";
        }

        if (parent != CodeShape.ParentOf(code))
        {
            return expectedLevel == 1 ? $"编码 {code} 是类，上级编码应为空" : $"上级编码“{parent}”与编码 {code} 不符，应为 {CodeShape.ParentOf(code)}";
        }

        return name.Length == 0 ? $"编码 {code} 的名称为空" : null;
    }

    private static string? CheckMappingCode(string code, Scheme scheme, string column, bool required)
    {
        if (code.Length == 0)
        {
            return required ? $"{column} 为空" : null;
        }

        if (!CodeShape.IsDigits(code) || code.Length != 5 || CodeShape.SchemeOf(code) != scheme)
        {
            return $"{column}“{code}”不是{CodeShape.ChineseName(scheme)}的款级编码（5 位）";
        }

        return null;
    }

    private static string NonEmpty(string value, string fallback) => value.Length > 0 ? value : fallback;
}
