using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Text;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>The parts of a 情况说明 the rules care about.</summary>
internal enum SectionKind
{
    /// <summary>Before the first heading: unit name and document title.</summary>
    Preamble,

    /// <summary>一、单位基本情况 (a container of 职责 and 构成).</summary>
    BasicInformation,

    /// <summary>职能职责.</summary>
    Duties,

    /// <summary>单位构成 / 机构设置.</summary>
    Structure,

    /// <summary>部门收支总体情况.</summary>
    Overview,

    /// <summary>（一）收入预算 inside 收支总体.</summary>
    IncomeBudget,

    /// <summary>（二）支出预算 inside 收支总体.</summary>
    ExpenditureBudget,

    /// <summary>财政拨款情况说明 (printed as 部门预算情况说明 by some templates).</summary>
    FiscalAppropriation,

    /// <summary>政府性基金 when a template gives it its own heading.</summary>
    GovernmentFund,

    /// <summary>"三公"经费情况说明 (checked by ThreePublicExpenses).</summary>
    ThreePublic,

    /// <summary>其他重要事项的情况说明 (a container).</summary>
    OtherMatters,

    /// <summary>机关运行经费.</summary>
    AgencyOperating,

    /// <summary>政府采购情况.</summary>
    Procurement,

    /// <summary>绩效目标设置情况 (checked by PerformanceTargets).</summary>
    Performance,

    /// <summary>国有资产占有使用情况.</summary>
    Assets,

    /// <summary>专业性名词解释.</summary>
    Glossary,

    /// <summary>部门预算公开联系人.</summary>
    Contact,

    /// <summary>附表 list after the contact line.</summary>
    Annexes,

    /// <summary>A heading this checker does not know.</summary>
    Other,
}

/// <summary>A heading found in the narrative.</summary>
/// <param name="Kind">What the heading stands for.</param>
/// <param name="Level">1 for "一、", 2 for "（一）" and "1.".</param>
/// <param name="Title">The heading's title, normalised (marker and punctuation removed).</param>
/// <param name="Start">Original offset of the heading's first character.</param>
/// <param name="Length">Original length of the heading (marker and title).</param>
internal sealed record Section(SectionKind Kind, int Level, string Title, int Start, int Length);

/// <summary>One sentence (ending in 。！？ or at the end of its paragraph).</summary>
/// <param name="Index">Position in the document.</param>
/// <param name="Text">The sentence normalised for matching, with its map to the original.</param>
/// <param name="Start">Original offset of its first character.</param>
/// <param name="Length">Original length up to and including its final punctuation.</param>
/// <param name="Top">The level-1 section it belongs to.</param>
/// <param name="Sub">The level-2 section it belongs to, or the level-1 one when there is none.</param>
internal sealed record Sentence(int Index, NormalizedText Text, int Start, int Length, SectionKind Top, SectionKind Sub)
{
    /// <summary>The normalised text.</summary>
    public string Norm => Text.Text;

    /// <summary>Whether the sentence is in the given section at either level.</summary>
    public bool In(SectionKind kind) => Top == kind || Sub == kind;

    /// <summary>The paragraph it belongs to (0-based, in printed order): an item's sentences share one.</summary>
    public int Paragraph { get; init; }
}

/// <summary>The narrative split into sections and sentences, with offsets into the verbatim text.</summary>
internal sealed partial class NarrativeDocument
{
    private NarrativeDocument(string original, IReadOnlyList<Section> sections, IReadOnlyList<Sentence> sentences)
    {
        Original = original;
        Sections = sections;
        Sentences = sentences;
    }

    /// <summary>The verbatim narrative.</summary>
    public string Original { get; }

    /// <summary>Headings in printed order.</summary>
    public IReadOnlyList<Section> Sections { get; }

    /// <summary>Sentences in printed order.</summary>
    public IReadOnlyList<Sentence> Sentences { get; }

    /// <summary>Whether a heading of that kind is printed.</summary>
    public bool Has(SectionKind kind) => Sections.Any(s => s.Kind == kind);

    /// <summary>Splits a narrative. Never throws; an empty text gives an empty document.</summary>
    public static NarrativeDocument Parse(string? text)
    {
        var original = text ?? string.Empty;
        var sections = new List<Section>();
        var sentences = new List<Sentence>();
        var top = SectionKind.Preamble;
        var sub = SectionKind.Preamble;
        var paragraphIndex = -1;
        foreach (var paragraph in Paragraphs(original))
        {
            paragraphIndex++;
            // Glossary entries are numbered like headings ("（一）财政拨款收入：…") but name terms, not sections.
            if (paragraph.Heading is { } heading && !(heading.Level == 2 && top == SectionKind.Glossary))
            {
                sections.Add(heading);
                if (heading.Level == 1)
                {
                    top = heading.Kind;
                    sub = heading.Kind;
                }
                else if (heading.Kind != SectionKind.Other)
                {
                    sub = heading.Kind;
                }
            }

            var norm = NormalizedText.Create(original, paragraph.Pieces);
            foreach (var (start, length) in SplitSentences(norm.Text))
            {
                var part = norm.Slice(start, length);
                var (oStart, oLength) = norm.OriginalSpan(start, length);
                sentences.Add(new Sentence(sentences.Count, part, oStart, oLength, top, sub) { Paragraph = paragraphIndex });
            }
        }

        return new NarrativeDocument(original, sections, sentences);
    }

    private sealed record Paragraph(List<(int Start, int End)> Pieces, Section? Heading, bool HeadingOnly);

    [GeneratedRegex(@"^[一二三四五六七八九十]+[、.．]", RegexOptions.CultureInvariant)]
    private static partial Regex TopMarker();

    [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[)）]", RegexOptions.CultureInvariant)]
    private static partial Regex SubMarker();

    [GeneratedRegex(@"^[0-9０-９]{1,2}\s*[.．、](?![0-9０-９])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberMarker();

    // A paragraph is the printed lines that belong together: PDF-to-text breaks lines (and inserts blank lines
    // at page breaks) in the middle of sentences, names and numbers, so a line only starts a new paragraph when
    // it opens with a heading marker or the previous line ended a sentence.
    private static IEnumerable<Paragraph> Paragraphs(string original)
    {
        Paragraph? current = null;
        var lastChar = '\0';
        // The unit name and the document title are separate lines without punctuation: keep them apart.
        var seenHeading = false;
        foreach (var (start, end) in Lines(original))
        {
            var first = start;
            while (first < end && char.IsWhiteSpace(original[first]))
            {
                first++;
            }

            var last = end;
            while (last > first && char.IsWhiteSpace(original[last - 1]))
            {
                last--;
            }

            if (first == last)
            {
                continue;
            }

            var line = original.AsSpan(first, last - first);
            var heading = ReadHeading(line, first);
            var contact = line.StartsWith("部门预算公开联系人", StringComparison.Ordinal);
            var annexes = line.StartsWith("附表", StringComparison.Ordinal);
            seenHeading |= heading is not null;
            var opensNew = current is null
                || heading is not null
                || current.HeadingOnly
                || lastChar is '。' or '！' or '？' or '；' or '：' or '!' or '?' or ';' or ':'
                || annexes
                || contact
                || line.StartsWith("- ", StringComparison.Ordinal)
                || !seenHeading;
            if (opensNew)
            {
                if (current is not null)
                {
                    yield return current;
                }

                if (heading is null && (contact || annexes))
                {
                    heading = new Section(contact ? SectionKind.Contact : SectionKind.Annexes, 1, contact ? "部门预算公开联系人" : "附表", first, last - first);
                }

                var headingOnly = heading is not null && heading.Length == last - first && heading.Kind is not SectionKind.Contact and not SectionKind.Annexes;
                current = new Paragraph([(first, last)], heading, headingOnly);
            }
            else
            {
                current!.Pieces.Add((first, last));
            }

            lastChar = original[last - 1];
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static IEnumerable<(int Start, int End)> Lines(string text)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                yield return (start, i);
                start = i + 1;
            }
        }
    }

    private static Section? ReadHeading(ReadOnlySpan<char> line, int offset)
    {
        int level;
        int marker;
        if ((marker = MarkerLength(TopMarker(), line)) > 0)
        {
            level = 1;
        }
        else if ((marker = MarkerLength(SubMarker(), line)) > 0 || (marker = MarkerLength(NumberMarker(), line)) > 0)
        {
            level = 2;
        }
        else
        {
            return null;
        }

        // The title runs to the first punctuation: "（一）收入预算：2025年…" and "1.机关运行经费。2025年…" print
        // the heading and the first sentence on one line.
        var end = marker;
        while (end < line.Length && "。：:；;，,".IndexOf(line[end], StringComparison.Ordinal) < 0)
        {
            end++;
        }

        var title = NormalizedText.Fold(line[marker..end].ToString());
        var kind = Classify(title);
        if (level == 2 && kind == SectionKind.Other)
        {
            // Numbered duties and sub-units ("1. 负责…", "2.秘书一科：…") are list items, not headings.
            return null;
        }

        if (level == 2 && title.Length > 16)
        {
            return null;
        }

        var headingEnd = end < line.Length && "。：:".IndexOf(line[end], StringComparison.Ordinal) >= 0 ? end + 1 : end;
        return new Section(kind, level, title, offset, headingEnd);
    }

    // The markers are anchored (^) and never empty: the first match, if any, is the marker at the line's start.
    private static int MarkerLength(Regex marker, ReadOnlySpan<char> line)
    {
        foreach (var match in marker.EnumerateMatches(line))
        {
            return match.Length;
        }

        return 0;
    }

    private static readonly (string Keyword, SectionKind Kind)[] Titles =
    [
        ("名词解释", SectionKind.Glossary),
        ("三公", SectionKind.ThreePublic),
        ("机关运行经费", SectionKind.AgencyOperating),
        ("政府采购", SectionKind.Procurement),
        ("绩效", SectionKind.Performance),
        ("国有资产", SectionKind.Assets),
        ("收支总体", SectionKind.Overview),
        ("收入预算", SectionKind.IncomeBudget),
        ("支出预算", SectionKind.ExpenditureBudget),
        ("财政拨款", SectionKind.FiscalAppropriation),
        ("部门预算情况说明", SectionKind.FiscalAppropriation),
        ("单位预算情况说明", SectionKind.FiscalAppropriation),
        ("政府性基金", SectionKind.GovernmentFund),
        ("其他重要事项", SectionKind.OtherMatters),
        ("职能职责", SectionKind.Duties),
        ("主要职能", SectionKind.Duties),
        ("主要职责", SectionKind.Duties),
        ("职责", SectionKind.Duties),
        ("单位构成", SectionKind.Structure),
        ("部门构成", SectionKind.Structure),
        ("机构构成", SectionKind.Structure),
        ("机构设置", SectionKind.Structure),
        ("内设机构", SectionKind.Structure),
        ("单位组成", SectionKind.Structure),
        ("基本情况", SectionKind.BasicInformation),
    ];

    /// <summary>What a normalised heading title stands for.</summary>
    public static SectionKind Classify(string title)
    {
        foreach (var (keyword, kind) in Titles)
        {
            if (title.Contains(keyword, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return SectionKind.Other;
    }

    // Sentences end at 。！？; a paragraph's end also ends one. Semicolons stay inside: the template chains
    // clauses about one subject with them.
    private static IEnumerable<(int Start, int Length)> SplitSentences(string norm)
    {
        var start = 0;
        for (var i = 0; i < norm.Length; i++)
        {
            if (norm[i] is '。' or '!' or '?')
            {
                // A closing bracket or quote after the full stop still belongs to the sentence.
                while (i + 1 < norm.Length && norm[i + 1] is ')' or '”' or '」' or '』' or '"')
                {
                    i++;
                }

                yield return (start, i - start + 1);
                start = i + 1;
            }
        }

        if (start < norm.Length)
        {
            yield return (start, norm.Length - start);
        }
    }
}
