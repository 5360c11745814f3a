using BudgetMesh.Cli.Import;
using BudgetMesh.Cli.Tests.Expectations;

namespace BudgetMesh.Cli.Tests.Generalisation;

/// <summary>
/// Findings on the constructed 渝北-like document (tests/fixtures/constructed/chongqing-yuan-2024.txt): its 部门支出总表
/// is printed to 款 only while its 一般公共预算支出表 goes to 项. That is one shortfall of detail, reported once per 款
/// (C3-LEVEL), not an R9 error for every 项 and column "printed blank" in a table that does not print the row.
/// </summary>
public sealed class ConstructedLayoutFindingsTests
{
    [Fact]
    public async Task A_department_table_printed_to_kuan_is_a_level_warning_per_kuan_and_no_fiscal_scope_error()
    {
        var package = DisclosureImporter.Import(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "constructed", "chongqing-yuan-2024.txt")), new ImportOptions()).Package;

        var findings = await DistrictLayouts.ErrorsAndWarnings(package);

        Assert.DoesNotContain(findings, f => f.Rule == "R9-FISCAL-SCOPE");
        var levels = findings.Where(f => f.Rule == "C3-LEVEL").ToList();
        Assert.Equal(["ZC 20103 code", "ZC 20805 code", "ZC 22102 code"], levels.Select(f => f.Location).Order(StringComparer.Ordinal));
        Assert.All(levels, f => Assert.Equal("warning", f.Severity));
    }
}
