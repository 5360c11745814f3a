using System.Text.RegularExpressions;
using BudgetMesh.Testing;

namespace BudgetMesh.Cli.Tests;

/// <summary>
/// What the CLI prints for people reads in Chinese: every help text, parse and input errors, an unreachable service
/// and the table output of a local check, scanned for ASCII words outside the one allow-list (OperatorText). What a
/// user types (the program's name, commands, flags, option values, environment variables, paths) is syntax and
/// passes. Tables fit an 100-column terminal. No service is needed.
/// </summary>
public sealed partial class OperatorTextTests
{
    private static readonly Uri Nowhere = new("http://127.0.0.1:9");

    public static TheoryData<string[]> Invocations => new()
    {
        { ["--help"] },
        { ["submit", "--help"] }, { ["status", "--help"] }, { ["watch", "--help"] }, { ["list", "--help"] }, { ["report", "--help"] },
        { ["import", "--help"] }, { ["check", "--help"] }, { ["approve", "--help"] }, { ["return", "--help"] }, { ["retract", "--help"] }, { ["review", "--help"] }, { ["assign", "--help"] },
        { ["keys", "--help"] }, { ["keys", "create", "--help"] }, { ["catalog", "import", "--help"] },
        { ["list", "--year", "abc"] },
        { ["list", "--reviewed", "maybe"] },
        { ["list", "--assignee", "审核员", "--unassigned"] },
        { ["report", "x", "--format", "pdf"] },
        { ["frobnicate"] },
        { ["submit", "/nonexistent/package.json"] },
        { ["check", "--local", "SEED:001_"] },
        // Every service down (nothing listens at Nowhere): a socket's English text and status names never show.
        { ["status", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"] },
        { ["list"] },
        { ["report", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"] },
        { ["retract", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "--reason", "附表数据待核实"] },
        { ["keys", "list", "--url", "http://127.0.0.1:9"] },
    };

    [Theory]
    [MemberData(nameof(Invocations))]
    public async Task Output_for_people_reads_in_Chinese_and_fits_an_100_column_terminal(string[] args)
    {
        var resolved = args.Select(a => a.StartsWith("SEED:", StringComparison.Ordinal) ? SeedFiles.Source(a[5..]) : a).ToArray();

        var result = await RunAsync(resolved);

        var text = result.Output + "\n" + result.Error;
        Assert.False(string.IsNullOrWhiteSpace(text), "the command printed nothing");
        var english = English(text);
        Assert.True(english.Count == 0, $"budgetmesh {string.Join(' ', args)}: English or internal words {string.Join(", ", english)}\n{text}");
        var wide = text.Split('\n').Where(l => Columns(l) > 100).ToList();
        Assert.True(wide.Count == 0, $"budgetmesh {string.Join(' ', args)}: lines wider than 100 columns:\n{string.Join('\n', wide)}");
    }

    [Fact]
    public async Task A_service_that_is_down_is_named_with_its_address_and_the_refused_connection_in_Chinese()
    {
        var result = await RunAsync(["status", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"]);

        Assert.Equal(ExitCodes.Unreachable, result.Code);
        Assert.Equal($"无法连接受理服务（{Nowhere.GetLeftPart(UriPartial.Authority)}）：连接被拒绝，该地址没有服务在监听（gRPC 状态码 14）", result.Error.Trim());
    }

    [Fact]
    public async Task A_parse_error_names_the_option_and_what_its_value_must_be_in_Chinese()
    {
        var result = await RunAsync(["list", "--year", "abc"]);

        Assert.Equal(ExitCodes.InvalidInput, result.Code);
        Assert.Contains("abc", result.Error, StringComparison.Ordinal);
        Assert.Contains("--year", result.Error, StringComparison.Ordinal);
        Assert.Contains("选项 --year 的值“abc”无效：须为整数。", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot parse", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_states_the_exit_codes()
    {
        var help = (await RunAsync(["--help"])).Output;

        Assert.Contains("退出码：0 成功\n", help, StringComparison.Ordinal);
        Assert.Contains("1 报告有错误级别的发现，或服务拒绝、处理失败", help, StringComparison.Ordinal);
        Assert.Contains("2 用法或输入有误", help, StringComparison.Ordinal);
        Assert.Contains("3 服务无法连接或超时", help, StringComparison.Ordinal);
    }

    internal static async Task<CliResult> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["BUDGETMESH_INTAKE_URL"] = Nowhere.ToString(),
            ["BUDGETMESH_RECONCILER_URL"] = Nowhere.ToString(),
            ["BUDGETMESH_PUBLICATION_URL"] = Nowhere.ToString(),
            ["BUDGETMESH_KEY"] = "bm_operatortext_" + new string('A', 43),
        };
        var code = await BudgetMeshCli.RunAsync(args, output, error, name => environment.GetValueOrDefault(name));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Display width: CJK and full-width characters take two columns.</summary>
    internal static int Columns(string line) => line.TrimEnd('\r').Sum(c => c >= '\u1100' && (c <= '\u115f' || (c >= '\u2e80' && c <= '\ua4cf') || (c >= '\uac00' && c <= '\ud7a3') || (c >= '\uf900' && c <= '\ufaff') || (c >= '\ufe30' && c <= '\ufe4f') || (c >= '\uff00' && c <= '\uff60') || (c >= '\uffe0' && c <= '\uffe6')) ? 2 : 1);

    /// <summary>The English words of CLI output, command syntax (what a user types) aside: the one scan every CLI test applies.</summary>
    internal static IReadOnlyList<string> English(string text) => OperatorText.EnglishWords(WithoutSyntax(text), IsSyntax);

    // Command syntax: submission ids, flags, paths, URLs, environment variables, key prefixes and option values in usage lines.
    private static string WithoutSyntax(string text) => Syntax().Replace(text, " ");

    private static bool IsSyntax(string word) => word is "budgetmesh" or "BudgetMesh" or "bm_" or "testhost"
        || Commands.Contains(word)
        || word.StartsWith("BUDGETMESH_", StringComparison.Ordinal);

    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "submit", "status", "watch", "list", "report", "import", "check", "approve", "return", "retract", "review", "assign", "keys", "catalog",
        "create", "revoke", "frobnicate", "table", "json", "sarif", "csv", "district", "operator", "admin", "service", "true", "false",
        // list --reviewed: its values as typed.
        "yes", "no",
        // catalog import: the --scheme values and the CSV header the file must carry, as typed.
        "function", "department", "government", "mapping", "department-economic", "government-economic",
        "code", "name", "level", "parent_code", "dept_code", "gov_code_administrative", "gov_code_public_institution",
    };

    // A submission id (UUID) is what a user types after a command: syntax too.
    [GeneratedRegex(@"(?:\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|--?[a-z?][a-z0-9-]*|https?://\S+|(?:/|\./)[\w./-]+|\b[\w.-]+(?:/[\w.*-]+)+|<[^>\n]*>|\[[a-z-]+\]|'[^'\n]*'|“[^”\n]*”|(?:\b[\w-]+)?\.(?:json|txt|pdf|xlsx|csv|sarif)\b)")]
    private static partial Regex Syntax();
}
