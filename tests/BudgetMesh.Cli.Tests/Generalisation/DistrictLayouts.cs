using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Tests.Expectations;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Generalisation;

/// <summary>
/// Packages in the layouts of districts the corpus does not have (issue 19's "Why": 渝北区政府办 2024), made from seed
/// 000's tables with a narrative written the way that district prints it: amounts in 元 to the 分, 项-level sentences
/// "…（类）…（款）…（项）X元", item lists in every printed form, vehicles by kind, "纳入重点…金额0元", shares, thresholds,
/// the 附件 list word for word. Every figure in it is true of the tables, so any error or warning at the narrative
/// is a false one; the tables' own defects (seed 000's reviewed expectations) must still all be found.
/// </summary>
internal static class DistrictLayouts
{
    /// <summary>Seed 000 (九龙坡区政府办 2025, tables in 万元) with a 渝北-style narrative whose every figure is right.</summary>
    public static BudgetPackage Yubei()
    {
        var package = SeedFiles.Load("000");
        package.Narrative.Text = YubeiNarrative(package);
        return package;
    }

    /// <summary><see cref="Yubei"/> with one printed text replaced (a planted defect), which must be there.</summary>
    public static BudgetPackage Yubei(string printed, string replacement)
    {
        var package = Yubei();
        Assert.Contains(printed, package.Narrative.Text, StringComparison.Ordinal);
        package.Narrative.Text = package.Narrative.Text.Replace(printed, replacement, StringComparison.Ordinal);
        return package;
    }

    public static async Task<IReadOnlyList<ActualFinding>> ErrorsAndWarnings(BudgetPackage package) =>
        [.. ActualFinding.ErrorsAndWarnings(await CheckCommand.CheckLocallyAsync(package, CancellationToken.None), package)];

    // The amounts in 元 are the tables' 万元 figures to the 分 as a ledger would print them: up to ±50 元 away from
    // the 万元 cell (1100.77 万元 = 11,007,700 ± 50), which is what printed precision allows.
    private static string YubeiNarrative(BudgetPackage package)
    {
        var annexes = string.Join("\n", Titles(package).Select((title, i) => $"{i + 1}.{title}"));
        return $$"""
            重庆市九龙坡区人民政府办公室（本级）
            2025年部门预算情况说明

            一、基本职能及主要工作
            （一）主要职能
            负责区政府会议的准备工作，协助区政府领导同志组织实施会议议定事项；督促检查区政府各部门对区政府文件和会议决定事项的落实情况；指导、监督全区政务公开工作。
            （二）机构设置
            区政府办公室内设秘书科、督查室、信息调研科、政务服务管理科、综合科、行政科等12个科室。

            二、部门预算收支情况
            （一）收入预算：2025年年初预算数21,328,312.34元，其中，一般公共预算拨款21,328,312.34元，政府性基金预算拨款0元，国有资本经营预算收入0元，事业收入0元，其他收入0元。
            （二）支出预算：2025年年初预算数21,328,312.34元，其中：基本支出15,428,312.34元，占72.3 %；项目支出5,900,000.00元，占27.7 %。

            三、一般公共预算财政拨款支出情况
            2025年一般公共预算财政拨款支出21,328,312.34元，比上年预算数36,892,800.00元减少15,564,487.66元，下降42.2％，主要原因是机构改革，部分项目调整至区行政服务中心。按支出功能分类科目：
            1.一般公共服务支出（类）16,907,712.34元，其中：政府办公厅（室）及相关机构事务（款）行政运行（项）11,007,712.34元，主要用于保障机关正常运转；一般行政管理事务（项）5,900,000.00元，主要用于区政府重要会议、政务值班和公开电话等工作。
            2.社会保障和就业支出（类）2,597,400.00元，其中：行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）1,069,900.00元，机关事业单位职业年金缴费支出（项）535,000.00元，其他行政事业单位养老支出（项）992,500.00元。
            3.卫生健康支出（类）813,500.00元，其中：卫生健康支出-行政事业单位医疗-行政单位医疗568,400.00元，卫生健康支出-行政事业单位医疗-公务员医疗补助144,800.00元，卫生健康支出-行政事业单位医疗-其他行政事业单位医疗支出100,300.00元。
            4.住房保障支出（类）1,009,600.00元，其中：2210201住房公积金927,800.00元，2210203购房补贴81,800.00元。
            住房公积金（项）2024年预算数900,000.00元，2025年预算数927,800.00元，比上年增加27,800.00元，增长3.1%，主要原因是缴费基数调整。购房补贴（项）2024年预算数90,000.00元，2025年预算数81,800.00元，比上年减少8,200.00元，下降9.1％，主要原因是人员变动。

            四、“三公”经费预算情况
            2025年“三公”经费预算数为180,000.00元，比上年减少120,000.00元，下降40%。其中：因公出国（境）费0元，与上年持平；公务接待费0元，与上年持平；公务用车购置费0元，与上年持平；公务用车运行维护费180,000.00元，比上年减少120,000.00元，主要原因是本年度预算编制口径调整。

            五、其他重要事项的情况说明
            （一）机关运行经费
            2025年本部门一般公共预算财政拨款机关运行经费3,091,700.00元，比上年减少480,300.00元，下降13.4%，主要原因是本年度预算编制口径调整。
            （二）政府采购情况
            2025年本部门政府采购预算总额30,300.00元，其中：政府采购货物预算30,300.00元、政府采购工程预算0元、政府采购服务预算0元。
            （三）绩效目标设置情况
            2025年本部门编报绩效目标的项目2个，涉及一般公共预算当年财政拨款630,000.00元。纳入重点绩效评价的项目0个，金额0元。
            （四）国有资产占有使用情况
            截至2024年12月31日，本部门共有车辆5辆，其中：领导干部用车1辆、一般公务用车1辆、执法执勤用车3辆、特种专业技术用车0辆、其他用车0辆；单价100万元（含）以上设备（不含车辆）0台（套）。2025年部门预算安排购置车辆0辆；安排购置单位价值100万元以上大型设备0台（套）。

            六、专业名词解释
            （一）财政拨款收入：指本年度从本级财政部门取得的财政拨款。
            （二）基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。
            （三）项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。
            （四）“三公”经费：指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。
            （五）机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。

            区人民政府办公室2025年无使用政府性基金预算拨款安排的支出，政府性基金预算支出表为空表。

            附件：
            {{annexes}}
            """;
    }

    private static IEnumerable<string> Titles(BudgetPackage package)
    {
        var tables = package.Tables;
        IEnumerable<TableMeta?> metas =
        [
            tables.Cz?.Meta, tables.Gf?.Meta, tables.Jb?.Meta, tables.Jbg?.Meta, tables.Sg?.Meta, tables.Jj?.Meta, tables.Sz?.Meta,
            tables.Sr?.Meta, tables.Zc?.Meta, tables.Xmj?.Meta, tables.Xmg?.Meta, tables.Cg?.Meta, tables.Xj.FirstOrDefault()?.Meta,
        ];
        return metas.Where(m => m is not null && m.PrintedTitle.Length > 0).Select(m => m!.PrintedTitle);
    }
}
