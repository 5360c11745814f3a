using BudgetMesh.Cli.Commands;

namespace BudgetMesh.Cli.Tests;

/// <summary>Pure: a JSON syntax error is located by line and column in characters, as an editor shows them.</summary>
public sealed class JsonSyntaxTests
{
    [Theory]
    [InlineData("{\n  \"header\": {\n    \"unitName\": \"政务办\"\n    \"budgetYear\": 2023\n  }\n}", "第4行第5列")]
    [InlineData("{\"单位\": \"甲\",}", "第1行第12列")] // the closing brace after a trailing comma
    [InlineData("{\n\n  \"a\": tru\n}", "第3行第11列")] // the reader stops just past the broken literal
    public void A_syntax_error_is_placed_by_line_and_character_column(string json, string where) =>
        Assert.Equal(where, JsonSyntax.Where(json));

    [Fact]
    public void Valid_JSON_has_no_place() => Assert.Equal(string.Empty, JsonSyntax.Where("{\"a\": [1, 2]}"));

    [Fact]
    public async Task Loading_a_broken_package_file_says_where_in_Chinese()
    {
        var file = new FileInfo(Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json"));
        await File.WriteAllTextAsync(file.FullName, "{\n  \"header\": {\n    \"unitName\": \"政务办\"\n    \"budgetYear\": 2023\n  }\n}");
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => PackageFiles.LoadAsync(file, null, CancellationToken.None));
            Assert.Equal($"{file.Name} 第4行第5列不是有效的 JSON（语法错误：检查该处附近的逗号、引号和括号）", error.Message);
        }
        finally
        {
            file.Delete();
        }
    }
}
