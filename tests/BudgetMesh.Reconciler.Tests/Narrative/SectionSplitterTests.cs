using BudgetMesh.Contracts.Text;
using BudgetMesh.Reconciler.Narrative;

namespace BudgetMesh.Reconciler.Tests.Narrative;

public sealed class SectionSplitterTests
{
    private static readonly SectionKind[] Required =
    [
        SectionKind.Duties, SectionKind.Structure, SectionKind.Overview, SectionKind.IncomeBudget, SectionKind.ExpenditureBudget,
        SectionKind.FiscalAppropriation, SectionKind.ThreePublic, SectionKind.OtherMatters, SectionKind.AgencyOperating,
        SectionKind.Procurement, SectionKind.Performance, SectionKind.Assets, SectionKind.Glossary, SectionKind.Contact,
    ];

    [Theory]
    [InlineData(SeedPackages.Seed000)]
    [InlineData(SeedPackages.Seed001)]
    [InlineData(SeedPackages.Seed002)]
    public void Every_seed_has_every_section_in_printed_order(string seed)
    {
        var document = NarrativeDocument.Parse(SeedPackages.Load(seed).Narrative.Text);

        var kinds = document.Sections.Select(s => s.Kind).ToList();
        Assert.Equal(
            [
                SectionKind.BasicInformation, SectionKind.Duties, SectionKind.Structure, SectionKind.Overview, SectionKind.IncomeBudget,
                SectionKind.ExpenditureBudget, SectionKind.FiscalAppropriation, SectionKind.ThreePublic, SectionKind.OtherMatters,
                SectionKind.AgencyOperating, SectionKind.Procurement, SectionKind.Performance, SectionKind.Assets, SectionKind.Glossary,
                SectionKind.Contact,
            ],
            kinds.Where(k => k != SectionKind.Annexes));
        Assert.All(Required, kind => Assert.True(document.Has(kind), kind.ToString()));
    }

    [Fact]
    public void Seed_000_prints_its_fiscal_section_as_部门预算情况说明_and_lists_annexes_after_the_contact()
    {
        var document = NarrativeDocument.Parse(SeedPackages.Load(SeedPackages.Seed000).Narrative.Text);

        var fiscal = document.Sections.Single(s => s.Kind == SectionKind.FiscalAppropriation);
        Assert.Equal("部门预算情况说明", fiscal.Title);
        Assert.Equal("三、部门预算情况说明", document.Original.Substring(fiscal.Start, fiscal.Length));
        Assert.Contains(document.Sections, s => s.Kind == SectionKind.Annexes);
    }

    [Fact]
    public void Headings_with_full_width_and_half_width_brackets_and_inline_text_are_found_with_their_spans()
    {
        var seed001 = NarrativeDocument.Parse(SeedPackages.Load(SeedPackages.Seed001).Narrative.Text);
        var seed000 = NarrativeDocument.Parse(SeedPackages.Load(SeedPackages.Seed000).Narrative.Text);

        var duties = seed001.Sections.Single(s => s.Kind == SectionKind.Duties);
        Assert.Equal("(一) 职能职责", seed001.Original.Substring(duties.Start, duties.Length));
        var structure = seed001.Sections.Single(s => s.Kind == SectionKind.Structure);
        Assert.Equal("（二）单位构成", seed001.Original.Substring(structure.Start, structure.Length));
        var income = seed000.Sections.Single(s => s.Kind == SectionKind.IncomeBudget);
        Assert.Equal("（一）收入预算：", seed000.Original.Substring(income.Start, income.Length));
        var operating = seed000.Sections.Single(s => s.Kind == SectionKind.AgencyOperating);
        Assert.Equal("1.机关运行经费。", seed000.Original.Substring(operating.Start, operating.Length));
    }

    [Fact]
    public void Numbered_duties_and_glossary_entries_are_not_headings()
    {
        var document = NarrativeDocument.Parse(SeedPackages.Load(SeedPackages.Seed000).Narrative.Text);

        // 12 duties, 12 sub-units and 5 glossary entries are numbered like headings; none of them is one.
        Assert.Equal(15, document.Sections.Count(s => s.Kind != SectionKind.Annexes));
        Assert.Single(document.Sections, s => s.Kind == SectionKind.ThreePublic);
        Assert.Single(document.Sections, s => s.Kind == SectionKind.FiscalAppropriation);
    }

    [Fact]
    public void A_sentence_broken_over_a_page_break_is_one_sentence_and_its_span_covers_both_lines()
    {
        var text = SeedPackages.Load(SeedPackages.Seed002).Narrative.Text;
        var document = NarrativeDocument.Parse(text);

        var sentence = document.Sentences.Single(s => s.Norm.Contains("社会保障和就业支出预算68.54万元", StringComparison.Ordinal));
        Assert.StartsWith("(二) 支出预算：2023 年年初预算数 2246.51 万元，其中：一般公共服务支出预算 2099.4 万元", text.Substring(sentence.Start, sentence.Length), StringComparison.Ordinal);
        Assert.Contains("社\n\n会保障", text.Substring(sentence.Start, sentence.Length), StringComparison.Ordinal);
        Assert.EndsWith("住房保障支出预算 48.93 万元。", text.Substring(sentence.Start, sentence.Length), StringComparison.Ordinal);
        Assert.Equal(SectionKind.Overview, sentence.Top);
        Assert.Equal(SectionKind.ExpenditureBudget, sentence.Sub);
    }

    [Fact]
    public void Every_sentence_span_maps_back_to_the_verbatim_text()
    {
        foreach (var seed in new[] { SeedPackages.Seed000, SeedPackages.Seed001, SeedPackages.Seed002 })
        {
            var text = SeedPackages.Load(seed).Narrative.Text;
            foreach (var sentence in NarrativeDocument.Parse(text).Sentences)
            {
                var original = text.Substring(sentence.Start, sentence.Length);
                Assert.Equal(sentence.Norm, NormalizedText.Fold(original));
            }
        }
    }

    [Fact]
    public void An_empty_narrative_has_no_sections_and_no_sentences()
    {
        var document = NarrativeDocument.Parse(string.Empty);

        Assert.Empty(document.Sections);
        Assert.Empty(document.Sentences);
    }
}
