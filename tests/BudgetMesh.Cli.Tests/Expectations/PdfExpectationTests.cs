using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Reconciler.Reconciliation;

namespace BudgetMesh.Cli.Tests.Expectations;

/// <summary>
/// The PDF route gives the fixture route's findings: each real published PDF (tests/fixtures/corpus/documents), imported
/// as `check --local FILE` imports it and checked in process, raises exactly the errors and warnings its hand-made
/// fixture's expectations list (tests/fixtures/expectations/&lt;id&gt;.json), no more and no fewer. A finding that
/// only the import raises (a 目录 entry or a heading joined into the prose, a figure misread) is the import's mistake,
/// never the document's.
/// </summary>
public sealed class PdfExpectationTests
{
    public static TheoryData<string> Documents() => new() { "putuo-govoffice-2025.pdf", "putuo-wanli-2024.pdf", "putuo-justice-2026.pdf" };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Check_local_on_a_published_pdf_raises_exactly_the_findings_listed_for_its_fixture(string document)
    {
        var id = Path.GetFileNameWithoutExtension(document);
        var expected = ExpectedFindings.Load(ExpectationFiles.For($"corpus/{id}.json"));
        var pdf = new FileInfo(Path.Combine(AppContext.BaseDirectory, "corpus", "documents", document));
        Assert.True(pdf.Exists, $"{pdf.FullName} is missing.");

        var package = await PackageFiles.LoadAsync(pdf, null, CancellationToken.None, new ImportOptions());
        Assert.Empty(CheckingPipeline.Validate(package));
        var report = await CheckCommand.CheckLocallyAsync(package, CancellationToken.None);

        ExpectationTests.AssertListed(document, expected, ActualFinding.ErrorsAndWarnings(report, package).ToList());
    }
}
