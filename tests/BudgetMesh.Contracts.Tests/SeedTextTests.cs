using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Contracts.Tests;

/// <summary>Acceptance 2: each fixture says what its seed text prints — narrative, totals, sampled rows, which tables exist.</summary>
public sealed class SeedTextTests
{
    public static TheoryData<string> Fixtures() => SeedFiles.Fixtures();

    /// <summary>One row per (fixture, table id).</summary>
    public static TheoryData<string, string> FixtureTables()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in SeedFiles.FixtureNames())
        {
            foreach (var table in PrintedTables.Of(SeedFiles.Package(fixture)))
            {
                data.Add(fixture, table.Id);
            }
        }

        return data;
    }

    private static (SeedLayout Layout, PrintedTable Table) Load(string fixture, string tableId)
    {
        var layout = new SeedLayout(SeedFiles.Package(fixture), SeedFiles.Text(fixture));
        return (layout, layout.Tables.Single(t => t.Id == tableId));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_narrative_is_the_start_of_the_seed_text_verbatim(string fixture)
    {
        var package = SeedFiles.Package(fixture);
        var text = SeedFiles.Text(fixture);
        var narrative = package.Narrative.Text;

        Assert.False(string.IsNullOrWhiteSpace(narrative));
        Assert.StartsWith(narrative, text.Body, StringComparison.Ordinal);
        var next = text.Body.Length > narrative.Length ? text.Body[narrative.Length] : '\n';
        Assert.True(next is '\n' or '\r', $"the narrative stops in the middle of a line (next char '{next}')");
        Assert.Contains(package.Header.DocumentTitle, narrative, StringComparison.Ordinal);
        if (package.Header.Contact is { } contact)
        {
            Assert.Contains(contact.Name, narrative, StringComparison.Ordinal);
            Assert.Contains(contact.Phone, narrative, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void The_table_is_found_in_the_seed_text(string fixture, string tableId)
    {
        var (layout, _) = Load(fixture, tableId);

        Assert.NotNull(layout.SegmentOf(tableId));
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void The_printed_total_row_equals_the_seed_text(string fixture, string tableId)
    {
        var (layout, table) = Load(fixture, tableId);
        var totals = table.Checks.Where(c => c.IsTotal).ToList();

        if (totals.Count == 0)
        {
            // Only a table that lost its header (and with it the top rows) may come without a printed total.
            Assert.True(string.IsNullOrEmpty(table.Meta?.PrintedTitle), $"{tableId} has a printed title but no total row in the fixture");
            Assert.NotNull(layout.SegmentOf(tableId));
            return;
        }

        var failures = totals.Select(c => layout.Verify(table, c)).OfType<string>().ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void Sampled_rows_equal_the_seed_text(string fixture, string tableId)
    {
        var (layout, table) = Load(fixture, tableId);

        var failures = table.Checks.Where(c => !c.IsTotal).Select(c => layout.Verify(table, c)).OfType<string>().ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void Every_coded_row_printed_for_the_table_is_transcribed_in_printed_order(string fixture, string tableId)
    {
        var (layout, table) = Load(fixture, tableId);
        var segment = layout.SegmentOf(tableId);
        Assert.NotNull(segment);
        if (!table.HasCodedRows)
        {
            return;
        }

        var printed = SeedLayout.CodedRowCodes(segment.Rows);
        if (layout.Leftovers.ContainsValue(tableId))
        {
            // A headerless table: its rows are the ones left over after the owning table's own rows.
            Assert.Equal(printed.Skip(printed.Count - table.RowCodes.Count), table.RowCodes);
            return;
        }

        var own = layout.Leftovers.TryGetValue(tableId, out var other)
            ? printed.Take(printed.Count - layout.Tables.Single(t => t.Id == other).RowCodes.Count)
            : printed;
        Assert.Equal(own, table.RowCodes);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Printed_rows_left_after_a_table_belong_to_a_transcribed_table(string fixture)
    {
        var layout = new SeedLayout(SeedFiles.Package(fixture), SeedFiles.Text(fixture));

        foreach (var table in layout.Tables.Where(t => !layout.Leftovers.ContainsValue(t.Id)))
        {
            var segment = layout.SegmentOf(table.Id);
            Assert.NotNull(segment);
            var printed = SeedLayout.CodedRowCodes(segment.Rows);
            var own = table.HasCodedRows ? table.RowCodes.Count : 0;
            var claimed = layout.Leftovers.TryGetValue(table.Id, out var other) ? layout.Tables.Single(t => t.Id == other).RowCodes.Count : 0;
            Assert.True(printed.Count == own + claimed,
                $"{table.Id}: {printed.Count} coded rows printed, {own} transcribed in it and {claimed} in a headerless table");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_printed_annex_label_belongs_to_a_transcribed_table(string fixture)
    {
        var package = SeedFiles.Package(fixture);
        var lines = SeedFiles.Text(fixture).AnnexLines(package.Narrative.Text);
        var labels = PrintedTables.Of(package).Select(t => t.Meta?.AnnexLabel.Trim() ?? "").ToHashSet(StringComparer.Ordinal);

        var unclaimed = lines.Where(SeedText.IsAnnexLabelLine).Select(l => l.Trim()).Where(l => !labels.Contains(l)).ToList();

        Assert.Empty(unclaimed);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Tables_the_text_lacks_are_absent_and_present_ones_are_printed(string fixture)
    {
        var package = SeedFiles.Package(fixture);
        var lines = SeedFiles.Text(fixture).AnnexLines(package.Narrative.Text);
        var present = PrintedTables.Of(package).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var (key, words) in PrintedTables.TitleWords)
        {
            var printed = PrintsTitle(lines, words);
            if (!present.Contains(key))
            {
                Assert.False(printed, $"the text prints a {key} title ({string.Join("+", words)}) but the fixture has no {key} table");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FixtureTables))]
    public void A_declared_empty_table_has_no_rows_and_its_explanation_is_printed(string fixture, string tableId)
    {
        var (layout, table) = Load(fixture, tableId);
        if (table.Meta?.State != TableState.DeclaredEmpty)
        {
            return;
        }

        Assert.Empty(table.RowCodes);
        var segment = layout.SegmentOf(tableId);
        Assert.NotNull(segment);
        var explanation = table.Meta.EmptyExplanation;
        if (explanation.Length > 0)
        {
            var text = string.Join("\n", layout.Lines.Skip(segment.From).Take(segment.To - segment.From));
            Assert.Contains(explanation, text, StringComparison.Ordinal);
        }
    }

    private static bool PrintsTitle(IReadOnlyList<string> lines, string[] words)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].Contains(words[0], StringComparison.Ordinal))
            {
                continue;
            }

            var window = string.Join(" ", lines.Skip(i).Where(l => l.Trim().Length > 0).Take(3));
            if (words.All(w => window.Contains(w, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
