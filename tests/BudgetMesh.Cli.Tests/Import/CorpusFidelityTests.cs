using System.Text.Json;
using System.Text.RegularExpressions;
using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;
using Xunit.Abstractions;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Acceptance 1: each real published document (tests/fixtures/corpus/documents) imports to its hand-made fixture cell for
/// cell. Fidelity is printed as cells equal / cells printed; the narrative is compared with all whitespace removed; the
/// only unplaced lines allowed are those listed, with their reasons, in corpus-expected-unplaced.json.
/// </summary>
public sealed partial class CorpusFidelityTests(ITestOutputHelper output)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static TheoryData<string> Documents() => new() { "putuo-govoffice-2025.pdf", "putuo-wanli-2024.pdf", "putuo-justice-2026.pdf" };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task A_published_document_imports_to_its_fixture_cell_for_cell(string document)
    {
        var id = Path.GetFileNameWithoutExtension(document);
        var expected = Parser.Parse<BudgetPackage>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "corpus", id + ".json")));

        var result = await PackageFiles.ImportAsync(new FileInfo(Path.Combine(AppContext.BaseDirectory, "corpus", "documents", document)), new ImportOptions(), CancellationToken.None);

        var want = PackageCells.Of(expected.Tables, "tables").Concat(PackageCells.Of(expected.Header, "header")).ToDictionary();
        var got = PackageCells.Of(result.Package.Tables, "tables").Concat(PackageCells.Of(result.Package.Header, "header")).ToDictionary();
        var differences = PackageCells.Differences(want, got);
        output.WriteLine($"{document}: 单元格一致 {want.Count - differences.Count(d => !d.Contains("期望（无）", StringComparison.Ordinal))} / 印出 {want.Count}");
        differences.ForEach(output.WriteLine);
        Assert.Empty(differences);

        Assert.Equal(Compact(expected.Narrative.Text), Compact(result.Package.Narrative.Text));
        var unplaced = result.Unplaced.Select(u => u.Text).ToList();
        Assert.Equal(ExpectedUnplaced(document), unplaced);
    }

    private static List<string> ExpectedUnplaced(string document)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Import", "corpus-expected-unplaced.json")));
        return json.RootElement.TryGetProperty(document, out var listed) ? listed.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    private static string Compact(string text) => WhitespacePattern().Replace(text, string.Empty);

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
