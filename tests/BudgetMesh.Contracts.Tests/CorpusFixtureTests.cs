using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Contracts.Tests;

/// <summary>
/// The hand-made fixtures of real published documents (tests/fixtures/corpus) are valid packages: they parse
/// strictly, survive a binary round trip, and keep the transcription conventions that do not depend on the document.
/// </summary>
public sealed class CorpusFixtureTests
{
    private static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "corpus");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var path in System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(path));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_corpus_fixture_parses_strictly_and_round_trips(string fixture)
    {
        var package = SeedFiles.StrictParser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(Directory, fixture)));

        Assert.NotNull(package.Header);
        Assert.False(string.IsNullOrWhiteSpace(package.Narrative?.Text), "the narrative is empty");
        Assert.NotNull(package.Tables);
        Assert.Equal(package, BudgetPackage.Parser.ParseFrom(package.ToByteArray()));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Amounts_are_plain_decimal_strings_and_every_table_declares_its_unit(string fixture)
    {
        var package = SeedFiles.StrictParser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(Directory, fixture)));

        foreach (var field in BudgetPackage.Descriptor.FindFieldByName("tables").MessageType.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(package.Tables);
            var tables = field.IsRepeated ? ((System.Collections.IList)value).Cast<IMessage>() : value is IMessage m ? [m] : [];
            foreach (var table in tables)
            {
                var meta = (TableMeta)table.Descriptor.FindFieldByName("meta").Accessor.GetValue(table);
                Assert.True(meta is not null && meta.Unit != AmountUnit.Unspecified, $"{field.Name}: no unit");
            }
        }

        Assert.DoesNotContain(package.Narrative.Text, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain(",", AmountStrings(package.Tables));
    }

    private static string AmountStrings(IMessage message)
    {
        var text = new System.Text.StringBuilder();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.FieldType == Google.Protobuf.Reflection.FieldType.Message)
            {
                var children = field.IsRepeated ? ((System.Collections.IList)value).Cast<IMessage>() : value is IMessage m ? [m] : [];
                foreach (var child in children)
                {
                    text.Append(AmountStrings(child));
                }
            }
            else if (field.HasPresence && field.FieldType == Google.Protobuf.Reflection.FieldType.String && value is string s)
            {
                text.Append(s).Append(' ');
            }
        }

        return text.ToString();
    }
}
