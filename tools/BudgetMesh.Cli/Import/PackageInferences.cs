using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// What one table does not print but the rest of the package says, filled once every table is read. Each inference is
/// reported as a note: function 类 codes of CZ/SZ (they print names only) and the unit of a target table that prints none.
/// </summary>
internal static class PackageInferences
{
    public static void Apply(BudgetPackage package, List<string> notes)
    {
        ClassCodes(package.Tables, notes);
        TargetUnits(package, notes);
    }

    /// <summary>
    /// The code of a CZ/SZ function line: the 类 row of GF/ZC/SR/JJ/GZ with the same name; failing that (a misprinted
    /// name), the one 类 row in the same unit with the same total. Otherwise the code stays empty and a note says so.
    /// </summary>
    private static void ClassCodes(AnnexTables tables, List<string> notes)
    {
        var classes = new[] { tables.Gf, tables.Zc, tables.Jj, tables.Gz }.Where(t => t is not null)
            .SelectMany(t => t.Rows.Where(r => r.Code.Length == 3).Select(r => (r.Code, r.Name, Total: r.HasTotal ? r.Total : null, t.Meta.Unit)))
            .Concat(tables.Sr?.Rows.Where(r => r.Code.Length == 3).Select(r => (r.Code, r.Name, Total: r.HasTotal ? r.Total : null, tables.Sr.Meta.Unit)) ?? [])
            .ToList();

        string Resolve(string name, string? total, AmountUnit unit, string where)
        {
            if (classes.FirstOrDefault(c => c.Name == name || c.Name == Unnumbered(name)) is { Code: { } byName })
            {
                return byName;
            }

            var byAmount = classes.Where(c => c.Unit == unit && Amounts.TryValue(c.Total, out var a) && Amounts.TryValue(total, out var b) && a == b)
                .Select(c => c.Code).Distinct().ToList();
            if (byAmount is [var code])
            {
                notes.Add($"{where}：“{name}”不是任何表中的类级科目名称，按金额 {total} 推断为 {code}");
                return code;
            }

            notes.Add($"{where}：“{name}”的类级科目编码无法推断，留空");
            return string.Empty;
        }

        if (tables.Cz is { } cz)
        {
            foreach (var line in cz.ExpenditureByFunction.Where(l => l.Code.Length == 0))
            {
                line.Code = Resolve(line.Name, line.HasTotal ? line.Total : null, cz.Meta.Unit, $"{cz.Meta.AnnexLabel}{cz.Meta.PrintedTitle}");
            }
        }

        if (tables.Sz is { } sz)
        {
            foreach (var line in sz.Expenditure.Where(l => l.Code.Length == 0 && !l.Name.Contains("结转", StringComparison.Ordinal)))
            {
                line.Code = Resolve(line.Name, line.HasAmount ? line.Amount : null, sz.Meta.Unit, $"{sz.Meta.AnnexLabel}{sz.Meta.PrintedTitle}");
            }
        }
    }

    /// <summary>A printed line's name without its list numbering ("一、一般公共服务支出" → "一般公共服务支出").</summary>
    private static string Unnumbered(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name, @"^\s*([一二三四五六七八九十]+、|\d+[.．、]\s*)", string.Empty);

    /// <summary>
    /// A target table with no 单位 line and no unit caption: in the package's unit, unless its funds would then exceed the
    /// whole budget (a project of 500000 万元 in a 2132.83 万元 budget), which only 元 explains.
    /// </summary>
    private static void TargetUnits(BudgetPackage package, List<string> notes)
    {
        var tables = package.Tables;
        var budget = Budget(tables);
        var targets = tables.Xj.Select(x => (x.Meta, Funds: x.HasFundsTotal ? x.FundsTotal : null))
            .Concat(tables.Zt is { } zt ? [(zt.Meta, Funds: zt.HasTotalFunds ? zt.TotalFunds : null)] : []);
        foreach (var (meta, funds) in targets.Where(t => t.Meta.Unit == AmountUnit.Unspecified))
        {
            meta.Unit = package.Header.AmountUnit;
            if (package.Header.AmountUnit == AmountUnit.TenThousandYuan && budget is { } total && Amounts.TryValue(funds, out var amount) && amount * 10000 > total && amount <= total)
            {
                meta.Unit = AmountUnit.Yuan;
                notes.Add($"{meta.AnnexLabel}{meta.PrintedTitle}：未印单位；金额 {funds} 若按万元将超过部门预算总额，按元读取");
            }
        }
    }

    /// <summary>The department's budget total in 元, from the first table that prints one.</summary>
    private static decimal? Budget(AnnexTables tables)
    {
        (string? Amount, AmountUnit Unit)[] candidates =
        [
            (tables.Cz?.IncomeTotal?.HasAmount == true ? tables.Cz.IncomeTotal.Amount : null, tables.Cz?.Meta.Unit ?? AmountUnit.Unspecified),
            (tables.Zc?.TotalRow?.HasTotal == true ? tables.Zc.TotalRow.Total : null, tables.Zc?.Meta.Unit ?? AmountUnit.Unspecified),
            (tables.Gf?.TotalRow?.HasTotal == true ? tables.Gf.TotalRow.Total : null, tables.Gf?.Meta.Unit ?? AmountUnit.Unspecified),
        ];
        foreach (var (amount, unit) in candidates)
        {
            if (unit != AmountUnit.Unspecified && Amounts.TryValue(amount, out var value))
            {
                return unit == AmountUnit.TenThousandYuan ? value * 10000 : value;
            }
        }

        return null;
    }
}
