using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R18 (table half): a table printed empty says why, and says so only when it has no figures.</summary>
internal static partial class R18EmptyTables
{
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
                    [at], severity: Severity.Warning, expected: $"本单位无{subject}…，故此表无数据", actual: "（空）");
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

    /// <summary>
    /// R18 (table half): a table labelled empty carries no data, and a table without data is labelled empty. A
    /// table printed with figures under a note that declares it empty ("…故本表为空表。") is an error, and so is a
    /// table declared empty whose figures the narrative states (the reader cannot tell which to believe).
    /// </summary>
    public static void EmptyState(BudgetPackage package, RuleRun run)
    {
        var narrative = package.Narrative?.Text ?? string.Empty;
        foreach (var table in PrintedCells.Tables(package))
        {
            if (table.Key is TableKey.Zt or TableKey.Xj)
            {
                continue;
            }

            run.Checked();
            var (count, first) = NonZero(PrintedCells.Numbers(table));
            var location = At.Labeled(table.Key, "state", "表状态", table.Key == TableKey.Xj ? table.Index : -1);
            if (table.Meta.State == TableState.DeclaredEmpty && count > 0)
            {
                run.Fail($"{table.DisplayName}标为空表，但印有 {count} 个非零金额（如 {first.Cell.Column} = {Comparisons.Fmt(first.Value)}）。",
                    [location, first.Cell.Location], expected: "无数据", actual: $"{count} 个非零金额");
            }
            else if (table.Meta.State == TableState.Rows && count > 0 && EmptyNote(table.Meta) is { } note)
            {
                run.Fail(
                    $"{table.DisplayName}的表注称“{note.Text.Trim()}”，但表内印有 {count} 个非零金额（如 {Names.Column(first.Cell.Column)} = {Comparisons.Fmt(first.Value)}）：表注与数据相互矛盾。",
                    [At.Labeled(table.Key, "notes", "表注", note.Index), first.Cell.Location], expected: "表注与数据一致", actual: $"空表说明 + {count} 个非零金额");
            }
            else if (table.Meta.State == TableState.Rows && count == 0 && PrintedCells.Cells(table).All(c => !c.IsAmount || Amount.Parse(c.Text).IsNumber))
            {
                run.Fail($"{table.DisplayName}没有任何非零金额，却未标为空表并说明原因。", [location], severity: Severity.Warning, expected: "空表及说明", actual: "无数据");
            }
            else if (table.Meta.State == TableState.DeclaredEmpty && NarrativeStatesAmount(narrative, Subject(table.Key)) is { } stated)
            {
                run.Fail(
                    $"{table.DisplayName}标为空表，但情况说明称“{stated.Sentence}”（{stated.Amount}）：表与说明相互矛盾。",
                    [location, new Location { Table = TableKey.Nar, RowIndex = -1, Label = stated.Sentence }], expected: "表与说明一致", actual: stated.Amount);
            }
        }

        run.NotApplicable("本包无附表。");
    }

    // How many figures are not zero, and the first of them: counted, not collected.
    private static (int Count, (PrintedCell Cell, decimal Value) First) NonZero(IReadOnlyList<(PrintedCell Cell, decimal Value)> numbers)
    {
        var count = 0;
        (PrintedCell Cell, decimal Value) first = default;
        foreach (var number in numbers)
        {
            if (number.Value != 0m && count++ == 0)
            {
                first = number;
            }
        }

        return (count, first);
    }

    /// <summary>A printed note that declares its table empty ("故本表为空表", "故此表无数据"), with its position.</summary>
    internal static (string Text, int Index)? EmptyNote(TableMeta meta)
    {
        for (var i = 0; i < meta.Notes.Count; i++)
        {
            if (EmptyDeclaration().IsMatch(meta.Notes[i]))
            {
                return (meta.Notes[i], i);
            }
        }

        return null;
    }

    /// <summary>
    /// The narrative sentence that states a non-zero amount for <paramref name="subject"/> right after naming it
    /// ("“三公”经费预算数为47.91万元"), and that amount; null when none does.
    /// </summary>
    internal static (string Sentence, string Amount)? NarrativeStatesAmount(string narrative, string subject)
    {
        foreach (var sentence in SentencePattern().EnumerateMatches(narrative))
        {
            var text = narrative.AsSpan(sentence.Index, sentence.Length);
            var at = text.IndexOf(subject, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            // Matched in place (\G at the end of the subject) as a value match: nothing is allocated unless a
            // non-zero amount is found.
            foreach (var match in AmountAfterSubject().EnumerateMatches(narrative.AsSpan(), sentence.Index + at + subject.Length))
            {
                var found = narrative.AsSpan(match.Index, match.Length);
                var unitLength = found.EndsWith("万元", StringComparison.Ordinal) ? 2 : 1;
                var digits = found[..^unitLength].TrimEnd();
                var start = digits.LastIndexOfAnyExcept("0123456789,.") + 1;
                var number = digits[start..];
                if (decimal.TryParse(number, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value != 0m)
                {
                    return (text.Trim().ToString(), number.ToString() + found[^unitLength..].ToString());
                }

                break;
            }
        }

        return null;
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
        _ => TableNames.Of(key),
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

    // "…故本表为空表。" "故此表无数据" "该表为空": the note says the table has nothing to show.
    [GeneratedRegex("(?:本|此|该)表(?:为|是)?(?:空表|空|无数据)|空表")]
    private static partial Regex EmptyDeclaration();

    // The first amount after the subject, within a few characters of the same clause: "”经费预算数为47.91万元".
    [GeneratedRegex("\\G[^，,。；;\\n0-9]{0,12}?[0-9][0-9,]*(?:\\.[0-9]+)?\\s*(?:万元|元)")]
    private static partial Regex AmountAfterSubject();
}
