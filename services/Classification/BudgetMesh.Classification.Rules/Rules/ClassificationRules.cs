using System.Globalization;
using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Renames;
using BudgetMesh.Classification.Validation;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Budget;

namespace BudgetMesh.Classification.Rules;

/// <summary>
/// Rules C1–C7 (rules.md) over a whole package against one catalog. Pure: the catalog and the lines are all it
/// reads; every rule yields exactly one result, in <see cref="RuleIds.All"/> order.
/// </summary>
internal static class ClassificationRules
{
    public const string Owner = "classification";

    public static IReadOnlyList<RuleResult> Check(BudgetPackage package, Catalog catalog) => Check(PackageLines.From(package), catalog, package.Narrative?.Text ?? string.Empty);

    public static IReadOnlyList<RuleResult> Check(PackageLines package, Catalog catalog, string narrative = "")
    {
        var renames = FormerNames.BuiltIn;
        var findings = RuleIds.All.ToDictionary(r => r.Id, _ => new List<Finding>());
        var valid = new List<(PackageLine Line, string Code, Scheme Scheme)>();
        foreach (var line in package.Lines)
        {
            var check = LineValidator.Validate(line.Line, catalog);

            // A name outdated for the year is C8's finding (with the rename and its source), not a mismatch.
            if (!check.IsOk && !(check.Verdict == LineVerdict.NameMismatch && renames.Outdated(check.Scheme, check.Code, line.Line.PrintedName, package.BudgetYear) is not null))
            {
                findings[check.RuleId].Add(LineFinding(line, check));
            }

            // A code of the wrong scheme or length has no place in the hierarchy checks.
            if (check.Verdict is not (LineVerdict.WrongLevel or LineVerdict.WrongScheme))
            {
                valid.Add((line, check.Code, check.Scheme));
            }
        }

        CheckHierarchy(valid, findings[RuleIds.Level], findings[RuleIds.Parent]);

        var results = new List<RuleResult>();
        foreach (var (id, _) in RuleIds.All.Take(5))
        {
            results.Add(package.Lines.Count == 0
                ? RuleRun.NotApplicableResult(id, Owner, "包中没有带科目编码的行")
                : Result(id, findings[id]));
        }

        results.Add(CheckMapping(package, catalog));
        results.Add(CheckPlacement(package));
        results.Add(C8FormerNames.Check(package, narrative, renames));
        return results;
    }

    /// <summary>C3 leaves at 项 (function) or 款 (economic); C4 every child's parent row printed in the same table.</summary>
    private static void CheckHierarchy(List<(PackageLine Line, string Code, Scheme Scheme)> lines, List<Finding> level, List<Finding> parent)
    {
        foreach (var table in lines.Where(l => l.Line.Hierarchical).GroupBy(l => l.Line.Line.Table))
        {
            var codes = table.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var (line, code, scheme) in table)
            {
                var leafLength = scheme == Scheme.Function ? 7 : 5;
                var hasChild = codes.Any(c => c.Length > code.Length && c.StartsWith(code, StringComparison.Ordinal));
                if (!hasChild && code.Length < leafLength)
                {
                    var expected = scheme == Scheme.Function ? "项（7 位）" : "款（5 位）";
                    level.Add(Finding(RuleIds.Level, Severity.Warning,
                        $"{TableNames.Of(line.Line.Table)}的 {code}（{line.Line.PrintedName.Trim()}）没有下级科目，应细化到{expected}",
                        Location(line, line.CodeColumn)));
                }

                var parentCode = CodeShape.ParentOf(code);
                if (parentCode.Length > 0 && !codes.Contains(parentCode))
                {
                    var finding = Finding(RuleIds.Parent, Severity.Warning,
                        $"{TableNames.Of(line.Line.Table)}列示了 {code}（{line.Line.PrintedName.Trim()}），但未列示其上级科目 {parentCode}",
                        Location(line, line.CodeColumn));
                    finding.Expected = parentCode;
                    parent.Add(finding);
                }
            }
        }
    }

    /// <summary>
    /// C6: for a 机关 (行政/参公) the JB lines mapped through the 对照表 add up, per 政府经济分类 款, to JBG. A unit
    /// with 事业单位 parts books them to 505 instead, which the 机关 mapping cannot reproduce.
    /// </summary>
    private static RuleResult CheckMapping(PackageLines package, Catalog catalog)
    {
        if (package.Jb is not { Rows.Count: > 0 } jb || package.Jbg is not { Rows.Count: > 0 } jbg)
        {
            return RuleRun.NotApplicableResult(RuleIds.EconomicMapping, Owner, "未同时列示部门经济分类与政府经济分类的基本支出表");
        }

        if (package.UnitKind is not (UnitKind.Administrative or UnitKind.CivilServiceManaged))
        {
            return RuleRun.NotApplicableResult(RuleIds.EconomicMapping, Owner, package.UnitKind == UnitKind.Unspecified
                ? "未说明单位性质，无法选择对照口径"
                : "单位含事业单位部分，其支出列入 505 对事业单位经常性补助，不按机关口径对照");
        }

        if (jb.Meta?.Unit != jbg.Meta?.Unit)
        {
            return RuleRun.ReviewResult(RuleIds.EconomicMapping, Owner, "两张基本支出表的金额单位不同，未对照");
        }

        var result = Start(RuleIds.EconomicMapping);
        var unit = UnitName(jb.Meta?.Unit);
        var mapped = new SortedDictionary<string, (decimal Sum, List<int> Rows)>(StringComparer.Ordinal);
        for (var i = 0; i < jb.Rows.Count; i++)
        {
            var row = jb.Rows[i];
            var code = row.Code.Trim();
            if (code.Length != 5 || CodeShape.SchemeOf(code) != Scheme.DepartmentEconomic || !row.HasTotal)
            {
                continue;
            }

            if (!TryAmount(row.Total, out var amount))
            {
                result.Review(Unreadable(RuleIds.EconomicMapping, TableKey.Jb, code, i, "total", row.Total));
                continue;
            }

            var target = catalog.Mapping(code)?.AdministrativeCode;
            if (string.IsNullOrEmpty(target))
            {
                result.Add(Finding(RuleIds.EconomicMapping, Severity.Warning,
                    $"部门经济分类 {code}（{row.Name.Trim()}）在对照表中没有机关口径的政府经济分类科目，无法对照",
                    new Location { Table = TableKey.Jb, RowCode = code, RowIndex = i, Column = "code" }));
                continue;
            }

            var (sum, rows) = mapped.TryGetValue(target, out var existing) ? existing : (0m, new List<int>());
            rows.Add(i);
            mapped[target] = (sum + amount, rows);
        }

        var printed = new SortedDictionary<string, (decimal Amount, int Row)>(StringComparer.Ordinal);
        for (var i = 0; i < jbg.Rows.Count; i++)
        {
            var row = jbg.Rows[i];
            var code = row.Code.Trim();
            if (code.Length != 5 || !row.HasAmount)
            {
                continue;
            }

            if (TryAmount(row.Amount, out var amount))
            {
                printed[code] = (amount, i);
            }
            else
            {
                result.Review(Unreadable(RuleIds.EconomicMapping, TableKey.Jbg, code, i, "amount", row.Amount));
            }
        }

        foreach (var code in mapped.Keys.Union(printed.Keys).Order(StringComparer.Ordinal))
        {
            var expected = mapped.TryGetValue(code, out var m) ? m.Sum : 0m;
            var actual = printed.TryGetValue(code, out var p) ? p.Amount : 0m;
            if (expected == actual)
            {
                continue;
            }

            var sources = m.Rows ?? [];
            var tolerance = (sources.Count + 1) * 0.005m;
            var difference = actual - expected;
            var rounding = Math.Abs(difference) <= tolerance;
            var name = catalog.Find(Scheme.GovernmentEconomic, code)?.Name ?? string.Empty;
            var from = sources.Count == 0 ? "无部门经济分类科目对照到此" : $"部门经济分类 {string.Join("、", sources.Select(r => jb.Rows[r].Code.Trim()))} 按对照表合计 {Format(expected)}";
            var finding = Finding(RuleIds.EconomicMapping, rounding ? Severity.Info : Severity.Warning,
                $"政府经济分类 {code}（{name}）：{from}，政府经济分类基本支出表列示 {Format(actual)}，相差 {Format(difference)}{unit}" + (rounding ? "，可能为取整误差" : string.Empty));
            if (printed.ContainsKey(code))
            {
                finding.Locations.Add(new Location { Table = TableKey.Jbg, RowCode = code, RowIndex = p.Row, Column = "amount" });
            }

            foreach (var row in sources)
            {
                finding.Locations.Add(new Location { Table = TableKey.Jb, RowCode = jb.Rows[row].Code.Trim(), RowIndex = row, Column = "total" });
            }

            finding.Expected = Format(expected);
            finding.Actual = Format(actual);
            finding.Difference = Format(difference);
            finding.Tolerance = Format(tolerance);
            finding.Unit = unit;
            result.Add(finding);
        }

        return result.Result();
    }

    /// <summary>C7: 301/303 items are 人员经费, 302/310 items 日常公用经费; an amount in the other column is misplaced.</summary>
    private static RuleResult CheckPlacement(PackageLines package)
    {
        if (package.Jb is not { Rows.Count: > 0 } jb)
        {
            return RuleRun.NotApplicableResult(RuleIds.JbPlacement, Owner, "未列示基本支出表（部门经济分类）");
        }

        var result = Start(RuleIds.JbPlacement);
        var unit = UnitName(jb.Meta?.Unit);
        for (var i = 0; i < jb.Rows.Count; i++)
        {
            var row = jb.Rows[i];
            var code = row.Code.Trim();
            if (code.Length != 5)
            {
                continue;
            }

            var (column, present, value, belongs) = code[..3] switch
            {
                "301" or "303" => ("public_use", row.HasPublicUse, row.PublicUse, "人员经费"),
                "302" or "310" => ("personnel", row.HasPersonnel, row.Personnel, "日常公用经费"),
                _ => (string.Empty, false, string.Empty, string.Empty),
            };
            if (!present)
            {
                continue;
            }

            if (!TryAmount(value, out var amount))
            {
                result.Review(Unreadable(RuleIds.JbPlacement, TableKey.Jb, code, i, column, value));
                continue;
            }

            if (amount != 0)
            {
                var wrongColumn = column == "public_use" ? "日常公用经费" : "人员经费";
                var finding = Finding(RuleIds.JbPlacement, Severity.Warning,
                    $"{code}（{row.Name.Trim()}）属于{belongs}，却在{wrongColumn}列列示 {Format(amount)}{unit}",
                    new Location { Table = TableKey.Jb, RowCode = code, RowIndex = i, Column = column });
                finding.Actual = Format(amount);
                finding.Expected = "0";
                finding.Unit = unit;
                result.Add(finding);
            }
        }

        return result.Result();
    }

    private static Finding LineFinding(PackageLine line, LineCheck check)
    {
        var isName = check.Verdict == LineVerdict.NameMismatch;
        var finding = Finding(check.RuleId, check.Severity, $"{TableNames.Of(line.Line.Table)}：{check.Message}", Location(line, isName ? line.NameColumn : line.CodeColumn));
        if (isName)
        {
            finding.Expected = check.ExpectedName;
            finding.Actual = line.Line.PrintedName;
            if (check.NameBelongsTo.Length > 0)
            {
                finding.Locations[0].Label = $"名称属于 {check.NameBelongsTo}";
            }
        }
        else
        {
            finding.Actual = line.Line.Code;
        }

        return finding;
    }

    private static Location Location(PackageLine line, string column) => new()
    {
        Table = line.Line.Table,
        RowCode = line.Line.Code.Trim(),
        RowIndex = line.Line.RowIndex,
        Column = column,
        Project = line.Project,
    };

    private static Finding Finding(string ruleId, Severity severity, string message, params Location[] locations)
    {
        var finding = new Finding { RuleId = ruleId, Severity = severity, Message = message };
        finding.Locations.AddRange(locations);
        return finding;
    }

    private static Finding Unreadable(string ruleId, TableKey table, string code, int row, string column, string value)
    {
        var finding = Finding(ruleId, Severity.Warning, $"{TableNames.Of(table)} {code} 的金额“{value}”无法识别", new Location { Table = table, RowCode = code, RowIndex = row, Column = column });
        finding.Actual = value;
        return finding;
    }

    private static RuleResult Result(string id, List<Finding> findings)
    {
        var run = Start(id);
        findings.ForEach(run.Add);
        return run.Result();
    }

    /// <summary>A classification rule that has lines to judge: a PASS unless a finding fails it.</summary>
    internal static RuleRun Start(string id)
    {
        var run = new RuleRun(id, Owner);
        run.Checked();
        return run;
    }

    private static bool TryAmount(string text, out decimal amount) =>
        WireAmount.TryParse(text, out amount);

    private static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string UnitName(AmountUnit? unit) => unit switch
    {
        AmountUnit.Yuan => "元",
        AmountUnit.TenThousandYuan => "万元",
        _ => string.Empty,
    };
}
