using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Rules;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Classification.Validation;

/// <summary>One printed code line: the scheme its column uses (unspecified: the table's), code and name as printed.</summary>
internal readonly record struct CodedLine(Scheme Scheme, string Code, string PrintedName, TableKey Table, int RowIndex);

/// <summary>The verdict on one line. Severity and rule id are unset for OK.</summary>
internal sealed record LineCheck(
    LineVerdict Verdict,
    Severity Severity,
    string RuleId,
    string Code,
    Scheme Scheme,
    bool CatalogComplete,
    string ExpectedName,
    string NameBelongsTo,
    string Message)
{
    public bool IsOk => Verdict == LineVerdict.Ok;
}

/// <summary>
/// Judges one printed line against a catalog: scheme of the table (C5), level (C3), known code (C1), name (C2).
/// Dictionary look-ups only, so a batch of 10,000 lines costs milliseconds.
/// </summary>
internal static partial class LineValidator
{
    /// <summary>The scheme a table's code column uses; null for tables with several code columns (CG) or none.</summary>
    public static Scheme? SchemeOfTable(TableKey table) => table switch
    {
        TableKey.Cz or TableKey.Gf or TableKey.Jj or TableKey.Gz or TableKey.Sz or TableKey.Sr or TableKey.Zc or TableKey.Xm => Scheme.Function,
        TableKey.Jb or TableKey.Xmj => Scheme.DepartmentEconomic,
        TableKey.Jbg or TableKey.Xmg => Scheme.GovernmentEconomic,
        _ => null,
    };

    public static LineCheck Validate(CodedLine line, Catalog catalog)
    {
        var code = NameNormalizer.Normalize(line.Code);
        if (!CodeShape.IsDigits(code))
        {
            var what = code.Length == 0 ? "未印科目编码" : $"科目编码“{line.Code}”不是数字";
            return Fail(LineVerdict.WrongLevel, Severity.Error, RuleIds.Level, code, line.Scheme, what);
        }

        var codeScheme = CodeShape.SchemeOf(code);
        // The table decides what belongs in it; the line's own scheme only speaks for tables with several code columns.
        var expected = SchemeOfTable(line.Table) ?? (line.Scheme != Scheme.Unspecified ? line.Scheme : codeScheme);
        if (codeScheme is null || codeScheme != expected)
        {
            var belongs = codeScheme is null ? "不属于任何支出分类" : $"属于{CodeShape.ChineseName(codeScheme.Value)}";
            return Fail(LineVerdict.WrongScheme, Severity.Error, RuleIds.CodeDomain, code, expected ?? Scheme.Unspecified,
                $"编码 {code} {belongs}，此处应为{CodeShape.ChineseName(expected ?? Scheme.Unspecified)}科目");
        }

        var scheme = codeScheme.Value;
        if (CodeShape.LevelOf(scheme, code.Length) is null)
        {
            var levels = scheme == Scheme.Function ? "类/款/项为 3/5/7 位" : "类/款为 3/5 位";
            return Fail(LineVerdict.WrongLevel, Severity.Error, RuleIds.Level, code, scheme,
                $"编码 {code} 有 {code.Length} 位，不是{CodeShape.ChineseName(scheme)}的层级（{levels}）{LostZero(scheme, code, line.PrintedName, catalog)}");
        }

        var entry = catalog.Find(scheme, code);
        if (entry is null)
        {
            return Unknown(scheme, code, catalog);
        }

        var printed = NameNormalizer.Normalize(line.PrintedName);

        // SZ and CZ list their 类 lines as items ("一、一般公共服务支出"): the item's number is not part of the name.
        if (line.Table is TableKey.Sz or TableKey.Cz)
        {
            printed = ListNumber().Replace(printed, string.Empty);
        }

        if (catalog.NameMatches(entry, printed))
        {
            return new LineCheck(LineVerdict.Ok, Severity.Unspecified, string.Empty, code, scheme, true, string.Empty, string.Empty, string.Empty);
        }

        if (printed.Length == 0)
        {
            return new LineCheck(LineVerdict.NameMismatch, Severity.Warning, RuleIds.NameMismatch, code, scheme, true, entry.Name, string.Empty,
                $"编码 {code} 未印科目名称，目录名称为“{entry.Name}”");
        }

        var owner = catalog.NameOwner(entry, printed);
        if (owner is not null)
        {
            return new LineCheck(LineVerdict.NameMismatch, Severity.Error, RuleIds.NameMismatch, code, scheme, true, entry.Name, owner.Code,
                $"编码 {code} 印的名称“{line.PrintedName.Trim()}”是 {owner.Code} 的名称，疑为错行；{code} 应为“{entry.Name}”");
        }

        return new LineCheck(LineVerdict.NameMismatch, Severity.Warning, RuleIds.NameMismatch, code, scheme, true, entry.Name, string.Empty,
            $"编码 {code} 的名称印为“{line.PrintedName.Trim()}”，目录名称为“{entry.Name}”");
    }

    /// <summary>
    /// An unknown code is wrong only where our catalog is complete: the first missing ancestor decides whose
    /// children are in question (an unknown 款 under a complete 类 is wrong; under an incomplete one we cannot tell).
    /// </summary>
    private static LineCheck Unknown(Scheme scheme, string code, Catalog catalog)
    {
        var missing = code;
        for (var length = 3; length < code.Length; length += 2)
        {
            if (catalog.Find(scheme, code[..length]) is null)
            {
                missing = code[..length];
                break;
            }
        }

        var branch = CodeShape.ParentOf(missing);
        var complete = catalog.IsComplete(scheme, branch);
        var verdict = missing == code ? LineVerdict.UnknownCode : LineVerdict.MissingParent;
        var where = branch.Length == 0 ? $"{CodeShape.ChineseName(scheme)}的类" : $"{branch}（{catalog.Find(scheme, branch)?.Name}）的下级科目";
        var subject = missing == code ? $"编码 {code}" : $"编码 {code} 的上级科目 {missing}";
        var message = complete
            ? $"{subject}不在目录中：{where}已完整，该编码有误"
            : $"{subject}不在已知目录中（{where}尚不完整），请核对或导入正式目录";
        return new LineCheck(verdict, complete ? Severity.Error : Severity.Warning, RuleIds.UnknownCode, code, scheme, complete, string.Empty, string.Empty, message);
    }

    /// <summary>
    /// A code one digit short whose last 款/项 lost its leading zero ("301 2" for 30102) when the catalog has that code
    /// under the printed name: said as a likely reading, never taken for the code.
    /// </summary>
    private static string LostZero(Scheme scheme, string code, string printedName, Catalog catalog)
    {
        if (code.Length is not (4 or 6))
        {
            return string.Empty;
        }

        var guess = $"{code[..^1]}0{code[^1]}";
        return catalog.Find(scheme, guess) is { } entry && catalog.NameMatches(entry, NameNormalizer.Normalize(printedName))
            ? $"；名称“{entry.Name}”是 {guess} 的名称，疑为 {guess}（末级编码少印了一位 0）"
            : string.Empty;
    }

    private static LineCheck Fail(LineVerdict verdict, Severity severity, string ruleId, string code, Scheme scheme, string message) =>
        new(verdict, severity, ruleId, code, scheme, false, string.Empty, string.Empty, message);

    // "一、" "十二、" "1." "(三)" in front of a listed name (after full-width folding).
    [System.Text.RegularExpressions.GeneratedRegex("^(?:[一二三四五六七八九十]+[、.]|[0-9]+[.、]|\\([一二三四五六七八九十0-9]+\\))")]
    private static partial System.Text.RegularExpressions.Regex ListNumber();
}
