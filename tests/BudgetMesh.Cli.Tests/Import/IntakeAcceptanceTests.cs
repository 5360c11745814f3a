using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Issue 18, acceptance 3: every imported corpus package passes Intake's own structural validator without hand edits,
/// and `import` reports, in Chinese, what Intake would refuse. The submission to a real Intake is in
/// BudgetMesh.Intake.Tests (ImportedPackageSubmissionTests).
/// </summary>
public sealed class IntakeAcceptanceTests
{
    public static TheoryData<string> Documents() => new()
    {
        "corpus/documents/putuo-govoffice-2025.pdf",
        "corpus/documents/putuo-wanli-2024.pdf",
        "corpus/documents/putuo-justice-2026.pdf",
        "seed-texts/seed-000_ac0739ecedc6f3da.txt",
        "seed-texts/seed-001_a76c5e7673ca46c8.txt",
        "seed-texts/seed-002_8eae806851c2420e.txt",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task An_imported_corpus_package_passes_Intakes_structural_validator_as_imported(string document)
    {
        var path = Path.Combine(AppContext.BaseDirectory, document);
        Assert.True(File.Exists(path), $"{document} is missing from the test output");

        var result = await PackageFiles.ImportAsync(new FileInfo(path), new ImportOptions(), CancellationToken.None);

        Assert.NotEmpty(result.Tables);
        Assert.Empty(PackageValidator.Validate(result.Package, new PackageLimits()).Select(v => $"{v.Field}: {v.Description}"));
        Assert.Empty(ImportSummary.IntakeRefusals(result.Package));
    }

    [Fact]
    public async Task Import_reports_what_Intake_would_refuse_in_Intakes_own_words_and_still_writes_the_package()
    {
        var folder = Directory.CreateTempSubdirectory("budgetmesh-refused-").FullName;
        try
        {
            var json = Path.Combine(folder, "package.json");
            using var output = new StringWriter();
            using var error = new StringWriter();

            var code = await BudgetMeshCli.RunAsync(
                ["import", Path.Combine(AppContext.BaseDirectory, "corpus", "documents", "putuo-justice-2026.pdf"), "--department", "31A", "--output", json],
                output, error, _ => null);

            Assert.Equal(ExitCodes.InvalidInput, code);
            var package = JsonParser.Default.Parse<BudgetPackage>(await File.ReadAllTextAsync(json));
            var expected = PackageValidator.Validate(package, new PackageLimits());
            Assert.Contains(expected, v => v.Field == "package.header.department_code");
            Assert.Contains($"Intake 会拒收这个预算包：结构问题 {expected.Count} 处", error.ToString(), StringComparison.Ordinal);
            Assert.All(expected, v => Assert.Contains($"  {v.Field}：{v.Chinese}", error.ToString(), StringComparison.Ordinal));
            Assert.Contains("  package.header.department_code：部门代码必须为数字", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("must be digits", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
