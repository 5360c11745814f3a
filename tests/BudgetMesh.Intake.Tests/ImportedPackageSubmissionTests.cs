using BudgetMesh.Cli;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using Google.Protobuf;

namespace BudgetMesh.Intake.Tests;

/// <summary>
/// Issue 18, acceptance 3: what `budgetmesh import` makes of a published Shanghai document (no department or unit code
/// printed) is accepted by the real Intake as it is, and resubmitting it is recognised as the same submission.
/// </summary>
public sealed class ImportedPackageSubmissionTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    private const string Putuo = "310107";

    [Fact]
    public async Task Every_imported_Shanghai_package_is_accepted_by_Intake_without_hand_edits_and_once_only()
    {
        var putuo = intake.Anonymous.As((await intake.Admin.CreateKeyAsync(KeyKind.District, Putuo, "普陀区一体化系统")).Secret);
        var receipts = new List<Receipt>();
        foreach (var document in new[] { "putuo-govoffice-2025.pdf", "putuo-wanli-2024.pdf", "putuo-justice-2026.pdf" })
        {
            var package = await ImportAsync(document);
            Assert.Equal((Putuo, "", ""), (package.Header.DistrictCode, package.Header.DepartmentCode, package.Header.UnitCode));

            var first = await putuo.SubmitAsync(package);
            var again = await putuo.SubmitAsync(await ImportAsync(document));

            Assert.False(first.Duplicate, document);
            Assert.Equal(SubmissionStatus.Received, first.Receipt.Status);
            Assert.True(again.Duplicate, document);
            Assert.Equal(first.Receipt, again.Receipt);
            Assert.Equal(package, (await putuo.GetAsync(first.Receipt.SubmissionId, includePackage: true)).Package);
            receipts.Add(first.Receipt);
        }

        Assert.Equal(3, receipts.Select(r => r.SubmissionId).Distinct().Count());
    }

    /// <summary>`budgetmesh import DOCUMENT --output FILE`, as a district engineer runs it, and the file it wrote.</summary>
    private static async Task<BudgetPackage> ImportAsync(string document)
    {
        var folder = Directory.CreateTempSubdirectory("budgetmesh-import-").FullName;
        try
        {
            var json = Path.Combine(folder, "package.json");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await BudgetMeshCli.RunAsync(["import", Path.Combine(AppContext.BaseDirectory, "corpus", "documents", document), "--output", json], output, error, _ => null);

            Assert.True(code == ExitCodes.Ok, $"import {document}: exit {code}\n{error}");
            return JsonParser.Default.Parse<BudgetPackage>(await File.ReadAllTextAsync(json));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
