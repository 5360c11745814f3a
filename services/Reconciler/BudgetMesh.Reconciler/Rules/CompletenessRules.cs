using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R17 and the table half of R18: which tables are printed, with their headers, and how empty ones say so.</summary>
internal static partial class CompletenessRules
{
    /// <summary>The eight tables every department must publish (财预〔2016〕143号).</summary>
    public static readonly TableKey[] National = [TableKey.Sz, TableKey.Sr, TableKey.Zc, TableKey.Cz, TableKey.Gf, TableKey.Jb, TableKey.Sg, TableKey.Jj];

    /// <summary>R17: the national eight tables are present.</summary>
    public static void NationalTables(BudgetPackage package, RuleRun run)
    {
        var present = PrintedCells.Tables(package).Select(t => t.Key).ToHashSet();
        foreach (var key in National)
        {
            run.Checked();
            if (!present.Contains(key))
            {
                run.Fail($"未公开{Names.Table(key)}：该表属于国家规定必须公开的八张部门预算表。", [At.Table(key, "缺表")], expected: "公开", actual: "缺表");
            }
        }
    }

    /// <summary>
    /// R17: the local profile's tables are present where the package's own money calls for them: the
    /// government-economic basic table, the 项目支出 tables and 项目绩效目标 when there is project money, the
    /// 整体绩效目标表 and 政府采购明细表 always (printed empty with a reason when there is nothing to show).
    /// </summary>
    public static void LocalTables(BudgetPackage package, RuleRun run)
    {
        var present = PrintedCells.Tables(package).Select(t => t.Key).ToHashSet();
        var gf = CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        var project = gf?.TotalRow?["project"] ?? Amount.Blank;
        var basic = gf?.TotalRow?["basic"] ?? Amount.Blank;
        var hasProject = project is { IsNumber: true, Value: > 0m };
        var hasBasic = basic is { IsNumber: true, Value: > 0m } || present.Contains(TableKey.Jb);
        var expected = new List<(TableKey Key, string Why)>();
        if (hasBasic)
        {
            expected.Add((TableKey.Jbg, "有基本支出"));
        }

        if (hasProject)
        {
            var why = $"有项目支出 {RuleRun.Format(project)} {Units.Name(gf!.Unit)}";
            expected.AddRange([(TableKey.Xmj, why), (TableKey.Xmg, why), (TableKey.Xm, why), (TableKey.Xj, why)]);
        }

        expected.Add((TableKey.Zt, "整体绩效目标须公开"));
        expected.Add((TableKey.Cg, "无采购时亦应印空表并说明"));
        foreach (var (key, why) in expected)
        {
            run.Checked();
            if (!present.Contains(key))
            {
                run.Fail($"未公开{Names.Table(key)}（{why}）。", [At.Table(key, "缺表")], expected: "公开", actual: "缺表");
            }
        }
    }

    /// <summary>R17: every printed table keeps its title (E for the national eight, W otherwise) and its annex label (W).</summary>
    public static void TableHeaders(BudgetPackage package, RuleRun run)
    {
        foreach (var table in PrintedCells.Tables(package))
        {
            run.Checked();
            var national = National.Contains(table.Key);
            if (table.Meta.PrintedTitle.Trim().Length == 0)
            {
                run.Fail(
                    $"{Names.Table(table.Key)} 未印表号和标题{(table.Meta.AnnexLabel.Length > 0 ? $"（表号 {table.Meta.AnnexLabel}）" : string.Empty)}：读者无法辨认这是哪张表。",
                    [At.Labeled(table.Key, "printed_title", "表头", table.Key == TableKey.Xj ? table.Index : -1)],
                    national ? Severity.Error : Severity.Warning, expected: Names.Table(table.Key), actual: "（空）");
            }
            else if (table.Meta.AnnexLabel.Trim().Length == 0)
            {
                run.Fail(
                    $"“{table.Meta.PrintedTitle}”未印表号（附件/表 编号），与情况说明的附表目录无法对应。",
                    [At.Labeled(table.Key, "annex_label", "表号", table.Key == TableKey.Xj ? table.Index : -1)],
                    Severity.Warning, expected: "表号", actual: "（空）");
            }
        }
    }

    /// <summary>
    /// R18 (table half): a table printed empty says why. Without its own note it is an error, or a warning when
    /// the narrative says the department has none of that money (the reader can still find the reason).
    /// </summary>
    public static void EmptyExplanation(BudgetPackage package, RuleRun run)
    {
        var narrative = package.Narrative?.Text ?? string.Empty;
        foreach (var table in PrintedCells.Tables(package).Where(t => t.Meta.State == TableState.DeclaredEmpty))
        {
            run.Checked();
            if (table.Meta.EmptyExplanation.Trim().Length > 0)
            {
                continue;
            }

            var subject = Subject(table.Key);
            var sentence = NarrativeSaysNone(narrative, subject);
            var at = At.Labeled(table.Key, "empty_explanation", "空表说明", table.Key == TableKey.Xj ? table.Index : -1);
            if (sentence is not null)
            {
                run.Fail(
                    $"{table.DisplayName}为空表，表内未注明无数据的原因（如“本单位无{subject}预算收支，故此表无数据。”）；情况说明中已写明“{sentence}”。",
                    [at], Severity.Warning, expected: $"本单位无{subject}…，故此表无数据", actual: "（空）");
            }
            else
            {
                run.Fail(
                    $"{table.DisplayName}为空表，表内和情况说明均未说明无数据的原因（应注明如“本单位无{subject}预算收支，故此表无数据。”）。",
                    [at], expected: $"本单位无{subject}…，故此表无数据", actual: "（空）");
            }
        }

        run.NotApplicable("本包没有印为空表的表。");
    }

    /// <summary>R18 (table half): a table labelled empty carries no data, and a table without data is labelled empty.</summary>
    public static void EmptyState(BudgetPackage package, RuleRun run)
    {
        foreach (var table in PrintedCells.Tables(package))
        {
            if (table.Key is TableKey.Zt or TableKey.Xj)
            {
                continue;
            }

            run.Checked();
            var numbers = PrintedCells.Numbers(table).Where(x => x.Value != 0m).ToList();
            var location = At.Labeled(table.Key, "state", "表状态", table.Key == TableKey.Xj ? table.Index : -1);
            if (table.Meta.State == TableState.DeclaredEmpty && numbers.Count > 0)
            {
                run.Fail($"{table.DisplayName}标为空表，但印有 {numbers.Count} 个非零金额（如 {numbers[0].Cell.Column} = {RuleRun.Fmt(numbers[0].Value)}）。",
                    [location, numbers[0].Cell.Location], expected: "无数据", actual: $"{numbers.Count} 个非零金额");
            }
            else if (table.Meta.State == TableState.Rows && numbers.Count == 0 && PrintedCells.Cells(table).All(c => !c.IsAmount || Amount.Parse(c.Text).IsNumber))
            {
                run.Fail($"{table.DisplayName}没有任何非零金额，却未标为空表并说明原因。", [location], Severity.Warning, expected: "空表及说明", actual: "无数据");
            }
        }

        run.NotApplicable("本包无附表。");
    }

    /// <summary>What a table reports, as the usual "本单位无…" sentence names it.</summary>
    internal static string Subject(TableKey key) => key switch
    {
        TableKey.Jj => "政府性基金",
        TableKey.Gz => "国有资本经营",
        TableKey.Sg => "三公",
        TableKey.Cg => "政府采购",
        TableKey.Xm or TableKey.Xmj or TableKey.Xmg or TableKey.Xj => "项目支出",
        TableKey.Zt => "绩效目标",
        _ => Names.Table(key),
    };

    /// <summary>The narrative sentence that says the department has none of <paramref name="subject"/>, if any.</summary>
    internal static string? NarrativeSaysNone(string narrative, string subject)
    {
        // "无使用政府性基金…" says it best; "政府性基金预算支出 0 万元" will do when nothing else does.
        return Find(narrative, subject, (text, at) => text[..(at + 1)].LastIndexOf('无') is var none and >= 0 && at - none <= 12)
            ?? Find(narrative, subject, (text, at) => ZeroAmountPattern().IsMatch(text[(at + subject.Length)..]));
    }

    // Sentences as spans of the narrative: only the one that says so becomes a string.
    private static string? Find(string narrative, string subject, Func<ReadOnlySpan<char>, int, bool> saysNone)
    {
        foreach (var sentence in SentencePattern().EnumerateMatches(narrative))
        {
            var text = narrative.AsSpan(sentence.Index, sentence.Length);
            for (var at = text.IndexOf(subject, StringComparison.Ordinal); at >= 0; at = NextIndexOf(text, subject, at + subject.Length))
            {
                if (saysNone(text, at))
                {
                    return text.Trim().ToString();
                }
            }
        }

        return null;
    }

    private static int NextIndexOf(ReadOnlySpan<char> text, string value, int from) =>
        text[from..].IndexOf(value, StringComparison.Ordinal) is var found and >= 0 ? from + found : -1;

    [GeneratedRegex("^[^，,。；]{0,8}?(?:为)?\\s*[0零](?:\\.0+)?\\s*万?元")]
    private static partial Regex ZeroAmountPattern();

    [GeneratedRegex("[^。；;\\n]+")]
    private static partial Regex SentencePattern();
}
