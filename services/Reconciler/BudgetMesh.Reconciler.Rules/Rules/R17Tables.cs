using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using BudgetMesh.Reconciler.Rules.Profiles;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>
/// R17: which tables are printed, with their titles and numbers, as the package's own region prints them
/// (<see cref="RegionProfiles"/>): a Shanghai document is never held to Chongqing's local tables.
/// </summary>
internal static class R17Tables
{
    /// <summary>R17: the tables every department must publish (the national eight, per the region's profile).</summary>
    public static void NationalTables(BudgetPackage package, RuleRun run)
    {
        var present = Present(package);
        var profile = RegionProfiles.For(package);
        foreach (var key in profile.RequiredTables)
        {
            run.Checked();
            if (!present.Contains(key))
            {
                run.Fail($"未公开{TableNames.Of(key)}：该表属于国家规定必须公开的八张部门预算表。", [At.Table(key, "缺表")], expected: "公开", actual: "缺表");
            }
        }
    }

    /// <summary>
    /// R17: the tables the region adds, where the package's own money calls for them (a 政府经济分类 basic table
    /// when there is basic expenditure, the 项目支出 tables when there is project money, …), and the figures the
    /// region prints in a shared table (Shanghai's 机关运行经费 in the 三公 table).
    /// </summary>
    public static void LocalTables(BudgetPackage package, RuleRun run)
    {
        var profile = RegionProfiles.For(package);
        if (profile.LocalTables.Count == 0)
        {
            run.NotApplicable($"{profile.Name}的公开格式在国家规定的八张表之外不要求其他附表。");
            return;
        }

        var present = Present(package);
        var gf = CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        var project = gf?.TotalRow?["project"] ?? Amount.Blank;
        var basic = gf?.TotalRow?["basic"] ?? Amount.Blank;
        var stateCapital = WithinTableRules.FundCell(package.Tables?.Cz?.ExpenditureTotal, "state_capital");
        foreach (var local in profile.LocalTables)
        {
            var why = local.When switch
            {
                TableCondition.Basic when basic is { IsNumber: true, Value: > 0m } || present.Contains(TableKey.Jb) => local.Why,
                TableCondition.Project when project is { IsNumber: true, Value: > 0m } => $"{local.Why} {Comparisons.Format(project)} {Units.Name(gf!.Unit)}",
                TableCondition.StateCapital when stateCapital is { IsNumber: true, Value: > 0m } => $"{local.Why} {Comparisons.Format(stateCapital)}",
                TableCondition.Always => local.Why,
                _ => null,
            };
            if (why is null)
            {
                continue;
            }

            run.Checked();
            if (!present.Contains(local.Table))
            {
                run.Fail($"未公开{TableNames.Of(local.Table)}（{why}）。", [At.Table(local.Table, "缺表")], expected: "公开", actual: "缺表");
            }
            else if (local.Column.Length > 0 && !DeclaredEmpty(package, local.Table) && !Prints(package, local.Table, local.Column))
            {
                run.Fail($"{TableNames.Of(local.Table)}未列示{Names.Column(local.Column)}（{why}）。", [At.Labeled(local.Table, local.Column, Names.Column(local.Column))], expected: "列示", actual: "未列示");
            }
        }
    }

    /// <summary>
    /// R17: every printed table keeps its title (E for the national eight, W otherwise) and can be found by its
    /// number (W): printed on the table page, or — where the region numbers tables only in the 目录, or the page
    /// lost its number — the 目录 lists the table under the same title word for word.
    /// </summary>
    public static void TableHeaders(BudgetPackage package, RuleRun run)
    {
        var profile = RegionProfiles.For(package);
        TableOfContents? contents = null;
        foreach (var table in PrintedCells.Tables(package))
        {
            run.Checked();
            var national = profile.RequiredTables.Contains(table.Key);
            var title = table.Meta.PrintedTitle.Trim();
            if (title.Length == 0)
            {
                run.Fail(
                    $"{TableNames.Of(table.Key)} 未印表号和标题{(table.Meta.AnnexLabel.Length > 0 ? $"（表号 {table.Meta.AnnexLabel}）" : string.Empty)}：读者无法辨认这是哪张表。",
                    [At.Labeled(table.Key, "printed_title", "表头", table.Key == TableKey.Xj ? table.Index : -1)],
                    severity: national ? Severity.Error : Severity.Warning, expected: TableNames.Of(table.Key), actual: "（空）");
                continue;
            }

            if (table.Meta.AnnexLabel.Trim().Length > 0)
            {
                continue;
            }

            contents ??= TableOfContents.Read(package.Narrative?.Text);
            if (contents.Lists(title))
            {
                continue;
            }

            var at = At.Labeled(table.Key, "annex_label", "表号", table.Key == TableKey.Xj ? table.Index : -1);
            if (profile.NumberedInContents)
            {
                run.Fail(
                    contents.IsEmpty
                        ? $"“{title}”未印表号，情况说明也没有列出附表的目录：{profile.Name}的格式只在目录中为附表编号，读者无法按号找到此表。"
                        : $"“{title}”在目录中没有同名条目：{profile.Name}的格式只在目录中为附表编号，表名应与目录一致。",
                    [at], severity: Severity.Warning, expected: "目录所列表名", actual: title);
            }
            else
            {
                run.Fail($"“{title}”未印表号（附件/表 编号），与情况说明的附表目录无法对应。", [at], severity: Severity.Warning, expected: "表号", actual: "（空）");
            }
        }
    }

    private static HashSet<TableKey> Present(BudgetPackage package)
    {
        var present = new HashSet<TableKey>();
        foreach (var table in PrintedCells.Tables(package))
        {
            present.Add(table.Key);
        }

        return present;
    }

    /// <summary>The figures a profile may ask a shared table to print (checked when the profiles are read).</summary>
    internal static readonly (TableKey Table, string Column)[] PrintableColumns = [(TableKey.Sg, "agency_operating")];

    private static bool Prints(BudgetPackage package, TableKey table, string column) => (table, column) switch
    {
        (TableKey.Sg, "agency_operating") => package.Tables?.Sg?.CurrentYear?.HasAgencyOperating == true,
        _ => throw new InvalidOperationException($"No reading of {table}.{column}: add it to PrintableColumns and Prints together."),
    };

    private static bool DeclaredEmpty(BudgetPackage package, TableKey key) =>
        PrintedCells.Tables(package).FirstOrDefault(t => t.Key == key)?.Meta.State == TableState.DeclaredEmpty;
}
