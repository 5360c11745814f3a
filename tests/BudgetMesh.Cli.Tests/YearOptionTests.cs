using BudgetMesh.Cli.Commands;

namespace BudgetMesh.Cli.Tests;

/// <summary>
/// `--year` on import and check: an annex workbook (tests/fixtures/constructed/putuo-justice-2026-tables.xlsx, the 司法局's
/// nine tables) prints no budget year where the reader takes it, so `check` names the field and the option instead
/// of Intake's bare "收到 0"; given `--year`, the package is checked (in process, nothing stored) and imported with it.
/// </summary>
public sealed class YearOptionTests
{
    private static readonly string Workbook = Path.Combine(AppContext.BaseDirectory, "constructed", "putuo-justice-2026-tables.xlsx");

    [Fact]
    public async Task Check_on_a_workbook_without_a_printed_year_names_the_field_and_the_option()
    {
        var (code, _, error) = await RunAsync("check", "--local", Workbook);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("预算年度（package.header.budget_year）", error, StringComparison.Ordinal);
        Assert.Contains("--year", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_and_import_with_year_use_the_given_year()
    {
        var (checkCode, checkOutput, checkError) = await RunAsync("check", "--local", Workbook, "--year", "2026", "--json");
        Assert.True(checkCode is ExitCodes.Ok or ExitCodes.FindingsWithErrors, checkError);
        Assert.Contains("\"report\"", checkOutput, StringComparison.Ordinal);

        var (importCode, json, importError) = await RunAsync("import", Workbook, "--year", "2026");
        Assert.Contains("\"budgetYear\": 2026", json, StringComparison.Ordinal);
        Assert.DoesNotContain("budget_year", importError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, importCode);
    }

    [Fact]
    public async Task Import_without_year_says_which_field_is_missing_and_a_year_out_of_range_is_refused()
    {
        var (_, _, error) = await RunAsync("import", Workbook);
        Assert.Contains("预算年度（package.header.budget_year）", error, StringComparison.Ordinal);

        var (code, _, refused) = await RunAsync("check", "--local", Workbook, "--year", "1899");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--year：预算年度须在 2000–2100 之间，收到 1899", refused, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BudgetMeshCli.RunAsync(args, output, error, _ => null);
        return (code, output.ToString(), error.ToString());
    }
}
