using System.Text.Json;
using BudgetMesh.Cli;
using Google.Protobuf;

namespace BudgetMesh.Cli.Tests;

/// <summary>`list` with the reviewed and assignee filters (applied by Intake) and the 审阅 / 分派给 column.</summary>
public sealed partial class CommandTests
{
    [Fact]
    public async Task List_filters_by_the_reviewed_mark_and_the_assignee_and_shows_both_in_an_100_column_table()
    {
        using var files = new SeedFiles();
        var ids = new List<string>();
        foreach (var department in new[] { "731", "732", "733" })
        {
            var package = SeedFiles.Load("001_");
            package.Header.DepartmentCode = department;
            package.Header.UnitName = "列表筛选测试单位";
            var path = Path.Combine(files.Directory, $"list-{department}.json");
            await File.WriteAllTextAsync(path, JsonFormatter.Default.Format(package));
            ids.Add(await SubmitAsync(suite.Dadukou, path));
        }

        // Reviewed: the first. Assigned to 审核员: the first two.
        Assert.Equal(ExitCodes.Ok, (await suite.RunAsync(suite.OperatorKey, "review", ids[0])).Code);
        Assert.Equal(ExitCodes.Ok, (await suite.RunAsync(suite.OperatorKey, "assign", ids[0], "审核员")).Code);
        Assert.Equal(ExitCodes.Ok, (await suite.RunAsync(suite.OperatorKey, "assign", ids[1], "审核员")).Code);

        async Task<string[]> ListedAsync(params string[] filters)
        {
            var result = await suite.RunAsync(suite.OperatorKey, ["list", "--query", "列表筛选测试单位", "--json", .. filters]);
            Assert.True(result.Code == ExitCodes.Ok, result.ToString());
            return [.. JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Select(s => s.GetProperty("submissionId").GetString()!).Order()];
        }

        string[] Pick(params int[] indexes) => [.. indexes.Select(i => ids[i]).Order()];
        Assert.Equal(Pick(0, 1, 2), await ListedAsync());
        Assert.Equal(Pick(0), await ListedAsync("--reviewed", "yes"));
        Assert.Equal(Pick(1, 2), await ListedAsync("--reviewed", "no"));
        Assert.Equal(Pick(0, 1), await ListedAsync("--assignee", "审核员"));
        Assert.Equal(Pick(2), await ListedAsync("--unassigned"));
        Assert.Equal(Pick(1), await ListedAsync("--assignee", "审核员", "--reviewed", "no"));

        var table = await suite.RunAsync(suite.OperatorKey, "list", "--query", "列表筛选测试单位");
        Assert.True(table.Code == ExitCodes.Ok, table.ToString());
        var lines = table.Output.Split('\n');
        Assert.All(lines, l => Assert.True(OperatorTextTests.Columns(l) <= 100, l));
        // The header "状态 / 审阅 / 分派给" wraps within its column.
        Assert.Contains("分派给", table.Output, StringComparison.Ordinal);
        Assert.Empty(OperatorTextTests.English(table.Output));
        // A row runs from the line with its id (never wrapped) to the next row's; its marks are in it, however wrapped.
        string Row(int i) => string.Join('\n', lines.SkipWhile(l => !l.Contains(ids[i], StringComparison.Ordinal))
            .TakeWhile((l, n) => n == 0 || !ids.Any(id => l.Contains(id, StringComparison.Ordinal))));
        Assert.All(new[] { (0, "已审阅", "审核员"), (1, "未审阅", "审核员"), (2, "未审阅", "未分派") }, row =>
        {
            Assert.Contains(row.Item2, Row(row.Item1), StringComparison.Ordinal);
            Assert.Contains(row.Item3, Row(row.Item1), StringComparison.Ordinal);
        });

        var both = await suite.RunAsync(suite.OperatorKey, "list", "--assignee", "审核员", "--unassigned");
        Assert.Equal(ExitCodes.InvalidInput, both.Code);
        Assert.Contains("--assignee 与 --unassigned 只能选一个", both.Error, StringComparison.Ordinal);
        var unknown = await suite.RunAsync(suite.OperatorKey, "list", "--reviewed", "maybe");
        Assert.Equal(ExitCodes.InvalidInput, unknown.Code);
        Assert.Contains("maybe", unknown.Error, StringComparison.Ordinal);
    }
}
