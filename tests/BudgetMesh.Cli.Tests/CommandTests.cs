using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BudgetMesh.Cli;
using BudgetMesh.Contracts.Publication.V1;

namespace BudgetMesh.Cli.Tests;

/// <summary>Every `budgetmesh` command through the real services, as a district engineer, an analyst and an operator use it.</summary>
public sealed partial class CommandTests(SuiteFixture suite) : IClassFixture<SuiteFixture>
{
    private static readonly HttpClient Http = new();
    private static readonly Regex AnsiEscapes = new(@"\x1B(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78])", RegexOptions.Compiled);

    [Fact]
    public async Task Submit_of_a_directory_with_wait_shows_progress_then_a_summary_table_and_every_package_ends_reconciled()
    {
        using var files = new SeedFiles();
        files.Write("000_", "501", "batch");
        files.Write("002_", "502", "batch");

        var submitted = await suite.RunAsync(suite.Jiulongpo, "submit", Path.Combine(files.Directory, "batch"), "--wait");

        Assert.Contains("报送结果", submitted.Output, StringComparison.Ordinal);
        Assert.Contains("000_501.json", submitted.Output, StringComparison.Ordinal);
        Assert.Contains("002_502.json", submitted.Output, StringComparison.Ordinal);
        // Not a terminal: one progress line per file, once, at 100 %; then tables that fit an 100-column terminal.
        foreach (var file in new[] { "000_501.json", "002_502.json" })
        {
            Assert.Single(submitted.Output.Split('\n'), l => l.StartsWith(file + "：100%（", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("50%", submitted.Output, StringComparison.Ordinal);
        Assert.All(submitted.Output.Split('\n'), l => Assert.True(OperatorTextTests.Columns(l) <= 100, l));
        Assert.DoesNotContain("失败", submitted.Output, StringComparison.Ordinal);
        Assert.Contains(submitted.Code, new[] { ExitCodes.Ok, ExitCodes.FindingsWithErrors });

        var table = await suite.RunAsync(suite.Jiulongpo, "list");
        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.All(table.Output.Split('\n'), l => Assert.True(OperatorTextTests.Columns(l) <= 100, l));
        // Ids are never broken over two lines, so they can be copied into the next command.
        Assert.Matches(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", table.Output);

        var listed = await suite.RunAsync(suite.Jiulongpo, "list", "--json");
        Assert.Equal(ExitCodes.Ok, listed.Code);
        var mine = JsonDocument.Parse(listed.Output).RootElement.EnumerateArray()
            .Where(s => s.GetProperty("departmentCode").GetString() is "501" or "502").ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, s => Assert.StartsWith("SUBMISSION_STATUS_RECONCILED_", s.GetProperty("status").GetString(), StringComparison.Ordinal));
        var anyErrors = mine.Any(s => s.TryGetProperty("reportSummary", out var r) && r.TryGetProperty("errors", out var e) && e.GetInt32() > 0);
        Assert.Equal(anyErrors ? ExitCodes.FindingsWithErrors : ExitCodes.Ok, submitted.Code);

        var again = await suite.RunAsync(suite.Jiulongpo, "submit", Path.Combine(files.Directory, "batch"), "--json");
        Assert.Equal(ExitCodes.Ok, again.Code);
        var receipts = JsonDocument.Parse(again.Output).RootElement.EnumerateArray().ToList();
        Assert.All(receipts, r => Assert.True(r.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(
            mine.Select(s => s.GetProperty("submissionId").GetString()).Order(),
            receipts.Select(r => r.GetProperty("receipt").GetProperty("submissionId").GetString()).Order());
    }

    /// <summary>
    /// The built `budgetmesh` in a real pseudo-terminal (util-linux `script`, in Debian's essential bsdutils), as a
    /// district engineer runs it: only a terminal gets the live progress bars, so this is where they are checked.
    /// </summary>
    [Fact]
    public async Task Submit_wait_in_a_terminal_draws_a_progress_bar_per_package_that_ends_full_then_the_summary_table()
    {
        using var files = new SeedFiles();
        files.Write("000_", "701", "batch");
        files.Write("002_", "702", "batch");
        var cli = OwnBuildOutput();
        var command = $"dotnet '{cli}' submit '{Path.Combine(files.Directory, "batch")}' --wait";

        var start = new ProcessStartInfo("/usr/bin/script", ["-q", "-f", "-e", "-c", command, "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["BUDGETMESH_INTAKE_URL"] = suite.IntakeAddress.ToString();
        start.Environment["BUDGETMESH_KEY"] = suite.Jiulongpo;
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "160";
        start.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(patience.Token);
        var screen = AnsiEscapes.Replace(await output, string.Empty);

        Assert.True(process.ExitCode is ExitCodes.Ok or ExitCodes.FindingsWithErrors, $"exit {process.ExitCode}\n{screen}\n{await error}");
        Assert.Contains("━", screen, StringComparison.Ordinal);
        foreach (var name in new[] { "000_701.json", "002_702.json" })
        {
            Assert.Matches(new Regex(Regex.Escape(name) + @"\s+━+\s+100%"), screen);
        }

        var table = screen.IndexOf("报送结果", StringComparison.Ordinal);
        Assert.True(table > screen.LastIndexOf("100%", StringComparison.Ordinal), "the summary table comes after the finished bars");
    }

    /// <summary>
    /// The CLI as a user runs it: from its own build output, with its own deps.json. This test's folder resolves shared
    /// assemblies (e.g. Microsoft.Extensions.Logging.Abstractions, which grpc-dotnet needs) from the services' ASP.NET Core
    /// framework, which the CLI does not run on.
    /// </summary>
    private static string OwnBuildOutput()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "BudgetMesh.Cli", "bin", configuration, framework, "budgetmesh.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"tools/BudgetMesh.Cli/bin/{configuration}/{framework}/budgetmesh.dll not found above {output.FullName}: build the CLI.");
    }

    [Fact]
    public async Task Status_watch_and_report_in_every_format_follow_one_submission_to_its_report()
    {
        using var files = new SeedFiles();
        var id = await SubmitAsync(suite.Dadukou, files.Write("001_", "601"));

        var watched = await suite.RunAsync(suite.Dadukou, "watch", id, "--until-reconciled");
        Assert.Contains("校核", watched.Output, StringComparison.Ordinal);
        Assert.Contains("第1版", watched.Output, StringComparison.Ordinal);

        var status = await suite.RunAsync(suite.Dadukou, "status", id);
        Assert.Equal(ExitCodes.Ok, status.Code);
        Assert.Contains("状态历史", status.Output, StringComparison.Ordinal);
        Assert.Contains("已接收", status.Output, StringComparison.Ordinal);

        var json = await suite.RunAsync(suite.OperatorKey, "report", id, "--format", "json");
        var report = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(id, report.GetProperty("submissionId").GetString());
        var errors = report.GetProperty("summary").TryGetProperty("errors", out var e) ? e.GetInt32() : 0;
        Assert.Equal(errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok, json.Code);
        Assert.Equal(errors > 0 ? ExitCodes.FindingsWithErrors : ExitCodes.Ok, watched.Code);

        var table = await suite.RunAsync(suite.OperatorKey, "report", id);
        Assert.Equal(json.Code, table.Code);
        Assert.Contains($"报送 {id} 第1版", table.Output, StringComparison.Ordinal);
        Assert.Contains("规则", table.Output, StringComparison.Ordinal);

        // -o writes the table to the file, as it does every other format.
        using var folder = new SeedFiles();
        var saved = Path.Combine(folder.Directory, "report.txt");
        var toFile = await suite.RunAsync(suite.OperatorKey, "report", id, "-o", saved);
        Assert.Equal(json.Code, toFile.Code);
        Assert.DoesNotContain($"报送 {id}", toFile.Output, StringComparison.Ordinal);
        var written = await File.ReadAllTextAsync(saved);
        Assert.Contains($"报送 {id} 第1版", written, StringComparison.Ordinal);
        Assert.All(written.Split('\n'), l => Assert.True(OperatorTextTests.Columns(l) <= 100, l));

        var csv = await suite.RunAsync(suite.OperatorKey, "report", id, "--format", "csv");
        Assert.Equal(json.Code, csv.Code);
        Assert.Contains(',', csv.Output);

        var sarif = await suite.RunAsync(suite.OperatorKey, "report", id, "--format", "sarif");
        Assert.Equal(json.Code, sarif.Code);
        var log = JsonDocument.Parse(sarif.Output).RootElement;
        Assert.Empty(SarifShape.Problems(log));
        var results = log.GetProperty("runs")[0].GetProperty("results").GetArrayLength();
        Assert.Equal(report.GetProperty("results").EnumerateArray().Sum(r => r.TryGetProperty("findings", out var f) ? f.GetArrayLength() : 0), results);
    }

    [Fact]
    public async Task An_operator_approves_one_revision_and_returns_another_and_a_district_key_may_do_neither()
    {
        using var files = new SeedFiles();
        var approved = await SubmitAsync(suite.Jiulongpo, files.Write("002_", "701"));
        var returned = await SubmitAsync(suite.Jiulongpo, files.Write("002_", "702"));
        await suite.RunAsync(suite.Jiulongpo, "watch", approved, "--until-reconciled");
        await suite.RunAsync(suite.Jiulongpo, "watch", returned, "--until-reconciled");

        var refused = await suite.RunAsync(suite.Jiulongpo, "approve", approved, "--reason", "区县不能批准");
        Assert.Equal(ExitCodes.Failed, refused.Code);
        Assert.Contains("（gRPC 状态码 7）", refused.Error, StringComparison.Ordinal);

        var approve = await suite.RunAsync(suite.OperatorKey, "approve", approved, "--reason", "已核对全部表格");
        Assert.True(approve.Code == ExitCodes.Ok, approve.ToString());
        Assert.Contains("已批准", approve.Output, StringComparison.Ordinal);

        var giveBack = await suite.RunAsync(suite.OperatorKey, "return", returned, "--comment", "三公经费表请补充说明", "--json");
        Assert.True(giveBack.Code == ExitCodes.Ok, giveBack.ToString());
        Assert.Equal("SUBMISSION_STATUS_RETURNED", JsonDocument.Parse(giveBack.Output).RootElement.GetProperty("status").GetString());

        var history = await suite.RunAsync(suite.Jiulongpo, "status", returned);
        Assert.Contains("三公经费表请补充说明", history.Output, StringComparison.Ordinal);
        Assert.Contains("已退回", history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_retracts_a_published_disclosure_and_its_page_leaves_the_website()
    {
        using var files = new SeedFiles();
        var id = await SubmitAsync(suite.Jiulongpo, files.Write("000_", "721"));
        await suite.RunAsync(suite.Jiulongpo, "watch", id, "--until-reconciled");
        var approve = await suite.RunAsync(suite.OperatorKey, "approve", id, "--reason", "已核对全部表格，准予公开");
        Assert.True(approve.Code == ExitCodes.Ok, approve.ToString());
        await WaitForStatusAsync(id, "SUBMISSION_STATUS_PUBLISHED");
        var published = await suite.GetPublicationAsync(id);
        Assert.Equal(PublicationState.Published, published.State);
        var page = new Uri(suite.Website.BaseUrl, published.Path.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(page)).StatusCode);

        var refused = await suite.RunAsync(suite.Jiulongpo, "retract", id, "--reason", "区县不能撤回");
        Assert.Equal(ExitCodes.Failed, refused.Code);
        Assert.Contains("（gRPC 状态码 7）", refused.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(page)).StatusCode);

        var retract = await suite.RunAsync(suite.OperatorKey, "retract", id, "--reason", "附件表格有误，撤回更正");

        Assert.True(retract.Code == ExitCodes.Ok, retract.ToString());
        Assert.Equal($"{id} 第1版：已从网站撤回", retract.Output.Trim());
        var retracted = await suite.GetPublicationAsync(id);
        Assert.Equal((PublicationState.Retracted, "附件表格有误，撤回更正"), (retracted.State, retracted.RetractionReason));
        Assert.NotNull(retracted.RetractedAt);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(page)).StatusCode);
        await WaitForStatusAsync(id, "SUBMISSION_STATUS_RETRACTED");
        var history = await suite.RunAsync(suite.OperatorKey, "status", id);
        Assert.Contains("已发布", history.Output, StringComparison.Ordinal);
        Assert.Contains("已撤回", history.Output, StringComparison.Ordinal);

        // Asking again changes nothing and says so; JSON carries the state for scripts.
        var again = await suite.RunAsync(suite.OperatorKey, "retract", id, "--reason", "再次撤回", "--json");
        Assert.True(again.Code == ExitCodes.Ok, again.ToString());
        Assert.Equal("PUBLICATION_STATE_RETRACTED", JsonDocument.Parse(again.Output).RootElement.GetProperty("state").GetString());
        Assert.Equal("附件表格有误，撤回更正", (await suite.GetPublicationAsync(id)).RetractionReason);
    }

    [Fact]
    public async Task Retract_of_a_submission_that_was_never_published_fails_with_exit_code_1_and_the_services_reason()
    {
        using var files = new SeedFiles();
        var id = await SubmitAsync(suite.Dadukou, files.Write("001_", "722"));

        var unknown = await suite.RunAsync(suite.OperatorKey, "retract", id, "--reason", "误操作");

        Assert.Equal(ExitCodes.Failed, unknown.Code);
        Assert.Contains("（gRPC 状态码 5）", unknown.Error, StringComparison.Ordinal);
        Assert.Contains(id, unknown.Error, StringComparison.Ordinal);
        var invalid = await suite.RunAsync(suite.OperatorKey, "retract", "not-a-uuid", "--reason", "误操作");
        Assert.Equal(ExitCodes.InvalidInput, invalid.Code);
    }

    [Fact]
    public async Task An_admin_creates_lists_and_revokes_a_key_and_the_revoked_key_is_refused()
    {
        var created = await suite.RunAsync(null, "keys", "create", "--kind", "district", "--district", "500107", "--name", "临时对接系统", "--key", SuiteFixture.AdminKey);
        Assert.True(created.Code == ExitCodes.Ok, created.ToString());
        Assert.Contains("区县密钥 500107", created.Output, StringComparison.Ordinal);
        var secret = created.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("bm_", StringComparison.Ordinal));
        var keyId = secret.Split('_')[1];
        Assert.Equal(ExitCodes.Ok, (await suite.RunAsync(secret, "list")).Code);

        var listed = await suite.RunAsync(SuiteFixture.AdminKey, "keys", "list");
        Assert.True(listed.Code == ExitCodes.Ok, listed.ToString());
        var line = Assert.Single(listed.Output.Split('\n'), l => l.StartsWith(keyId + " ", StringComparison.Ordinal));
        Assert.Contains("临时对接系统", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);

        var notAdmin = await suite.RunAsync(suite.OperatorKey, "keys", "list");
        Assert.Equal(ExitCodes.Failed, notAdmin.Code);
        Assert.Contains("（gRPC 状态码 7）", notAdmin.Error, StringComparison.Ordinal);

        var revoked = await suite.RunAsync(SuiteFixture.AdminKey, "keys", "revoke", keyId, "--reason", "系统下线");
        Assert.True(revoked.Code == ExitCodes.Ok, revoked.ToString());
        Assert.StartsWith($"已吊销{keyId} ", revoked.Output, StringComparison.Ordinal);

        var active = await suite.RunAsync(SuiteFixture.AdminKey, "keys", "list");
        Assert.DoesNotContain(active.Output.Split('\n'), l => l.StartsWith(keyId + " ", StringComparison.Ordinal));
        var all = await suite.RunAsync(SuiteFixture.AdminKey, "keys", "list", "--all");
        Assert.Contains("已吊销", Assert.Single(all.Output.Split('\n'), l => l.StartsWith(keyId + " ", StringComparison.Ordinal)), StringComparison.Ordinal);
        var refused = await suite.RunAsync(secret, "list");
        Assert.Equal(ExitCodes.Failed, refused.Code);
        Assert.Contains("（gRPC 状态码 16）", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, refused.Output + refused.Error, StringComparison.Ordinal);

        var noDistrict = await suite.RunAsync(SuiteFixture.AdminKey, "keys", "create", "--kind", "district", "--name", "无区划");
        Assert.Equal(ExitCodes.InvalidInput, noDistrict.Code);
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(null, "keys", "list")).Code);
        var down = await suite.RunAsync(SuiteFixture.AdminKey, "keys", "list", "--url", SuiteFixture.Nowhere.ToString());
        Assert.Equal(ExitCodes.Unreachable, down.Code);
        Assert.Contains("无法连接受理服务", down.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_import_puts_a_years_catalog_in_force_and_a_file_with_a_bad_line_changes_nothing()
    {
        using var files = new SeedFiles();
        const string Header = "code,name,level,parent_code,status,sources,note\n";
        var good = Path.Combine(files.Directory, "function-2031.csv");
        await File.WriteAllTextAsync(good, Header + "201,一般公共服务支出,1,,,,\n20103,政府办公厅（室）及相关机构事务,2,201,,,\n2010301,行政运行,3,20103,,,\n");

        var anonymous = await suite.RunAsync(null, "catalog", "import", "2031", good);
        Assert.Equal(ExitCodes.Failed, anonymous.Code);
        // Refused means nothing went in: the year still has no catalog at all.
        var none = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => suite.LookupCodeAsync(2031, "2010301"));
        Assert.Equal(global::Grpc.Core.StatusCode.FailedPrecondition, none.StatusCode);
        var district = await suite.RunAsync(suite.Jiulongpo, "catalog", "import", "2031", good);
        Assert.Equal(ExitCodes.Failed, district.Code);
        Assert.Contains("（gRPC 状态码 7）", district.Error, StringComparison.Ordinal);

        var imported = await suite.RunAsync(suite.OperatorKey, "catalog", "import", "2031", good);

        Assert.True(imported.Code == ExitCodes.Ok, imported.ToString());
        var inForce = await suite.DescribeCatalogAsync(2031);
        Assert.Equal($"已导入 2031 年度 function：3 条，目录版本 {inForce.Version}", imported.Output.Trim());
        Assert.True((await suite.LookupCodeAsync(2031, "2010301")).Found);

        var bad = Path.Combine(files.Directory, "function-2031-bad.csv");
        await File.WriteAllTextAsync(bad, Header + "201,一般公共服务支出,1,,,,\n20103,政府办公厅,3,201,,,\n");
        var refused = await suite.RunAsync(suite.OperatorKey, "catalog", "import", "2031", bad);
        Assert.Equal(ExitCodes.InvalidInput, refused.Code);
        Assert.Contains("\n  目录文件：", refused.Error, StringComparison.Ordinal);
        Assert.Equal(inForce.Version, (await suite.DescribeCatalogAsync(2031)).Version);

        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "catalog", "import", "2031", Path.Combine(files.Directory, "missing.csv"))).Code);
        var down = await suite.RunAsync(suite.OperatorKey, "catalog", "import", "2031", good, "--url", SuiteFixture.Nowhere.ToString());
        Assert.Equal(ExitCodes.Unreachable, down.Code);
        Assert.Contains("无法连接分类服务", down.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_gives_exit_code_3_for_every_kind_of_command()
    {
        var nowhere = SuiteFixture.Nowhere.ToString();
        Assert.Equal(ExitCodes.Unreachable, (await suite.RunAsync(suite.OperatorKey, "status", Guid.NewGuid().ToString(), "--intake-url", nowhere)).Code);
        Assert.Equal(ExitCodes.Unreachable, (await suite.RunAsync(suite.OperatorKey, "list", "--intake-url", nowhere)).Code);
        Assert.Equal(ExitCodes.Unreachable, (await suite.RunAsync(suite.OperatorKey, "report", Guid.NewGuid().ToString(), "--reconciler-url", nowhere)).Code);

        var retract = await suite.RunAsync(suite.OperatorKey, "retract", Guid.NewGuid().ToString(), "--reason", "测试", "--publication-url", nowhere);
        Assert.Equal(ExitCodes.Unreachable, retract.Code);
        Assert.Contains("公开发布服务", retract.Error, StringComparison.Ordinal);

        using var files = new SeedFiles();
        var submit = await suite.RunAsync(suite.Jiulongpo, "submit", files.Write("002_", "901"), "--intake-url", nowhere);
        Assert.Equal(ExitCodes.Unreachable, submit.Code);
        Assert.Contains("无法连接受理服务", submit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_usage_gives_exit_code_2_and_says_what_is_wrong()
    {
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "approve", Guid.NewGuid().ToString())).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "retract", Guid.NewGuid().ToString(), "--reason", " ")).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "report", "x", "--format", "pdf")).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "list", "--intake-url", "not a url")).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await suite.RunAsync(suite.OperatorKey, "frobnicate")).Code);

        var missing = await suite.RunAsync(suite.Jiulongpo, "submit", "/nonexistent/package.json");
        Assert.Equal(ExitCodes.InvalidInput, missing.Code);
        Assert.Contains("不存在", missing.Error, StringComparison.Ordinal);

        using var files = new SeedFiles();
        var broken = Path.Combine(files.Directory, "broken.json");
        await File.WriteAllTextAsync(broken, "{\"header\": 7}");
        var refused = await suite.RunAsync(suite.Jiulongpo, "submit", broken);
        Assert.Equal(ExitCodes.InvalidInput, refused.Code);
    }

    [Fact]
    public async Task A_missing_or_foreign_key_is_refused_by_the_service_and_never_echoed()
    {
        var none = await suite.RunAsync(null, "list");
        Assert.Equal(ExitCodes.Failed, none.Code);
        Assert.Contains("（gRPC 状态码 16）", none.Error, StringComparison.Ordinal);

        using var files = new SeedFiles();
        var foreign = await suite.RunAsync(suite.Dadukou, "submit", files.Write("002_", "902"));
        Assert.NotEqual(ExitCodes.Ok, foreign.Code);
        Assert.DoesNotContain(suite.Dadukou, foreign.Output + foreign.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_refusal_and_failure_of_a_service_reads_in_Chinese_naming_the_service_and_its_address()
    {
        using var files = new SeedFiles();
        var id = await SubmitAsync(suite.Dadukou, files.Write("001_", "723"));
        await suite.RunAsync(suite.Dadukou, "watch", id, "--until-reconciled");
        var returned = await suite.RunAsync(suite.OperatorKey, "return", id, "--comment", "请补充说明");
        Assert.True(returned.Code == ExitCodes.Ok, returned.ToString());
        var nowhere = SuiteFixture.Nowhere.ToString();
        var at = SuiteFixture.Nowhere.GetLeftPart(UriPartial.Authority);
        var cases = new (string What, CliResult Result, int Code, string Says)[]
        {
            ("bad id (Intake)", await suite.RunAsync(suite.OperatorKey, "status", "not-a-uuid"), ExitCodes.InvalidInput, "  报送编号：必须为UUID"),
            ("bad id (Reconciler)", await suite.RunAsync(suite.OperatorKey, "report", "not-a-uuid"), ExitCodes.InvalidInput, "  报送编号：须为UUID"),
            ("bad id (Publication)", await suite.RunAsync(suite.OperatorKey, "retract", "not-a-uuid", "--reason", "误操作"), ExitCodes.InvalidInput, "认为输入无效：报送编号无效"),
            ("invalid argument", await suite.RunAsync(SuiteFixture.AdminKey, "keys", "create", "--kind", "district", "--name", "无区划"), ExitCodes.InvalidInput,
                "  区划代码：区县密钥必须绑定6位区划代码"),
            ("no key", await suite.RunAsync(null, "list"), ExitCodes.Failed, "拒绝了请求：缺少有效的API密钥（gRPC 状态码 16）"),
            ("unknown key", await suite.RunAsync("bm_nosuch_" + new string('E', 43), "list"), ExitCodes.Failed, "拒绝了请求：API密钥无效或已吊销（gRPC 状态码 16）"),
            ("not allowed", await suite.RunAsync(suite.OperatorKey, "keys", "list"), ExitCodes.Failed, "拒绝了请求：需要管理员角色（gRPC 状态码 7）"),
            ("not found", await suite.RunAsync(suite.OperatorKey, "retract", id, "--reason", "误操作"), ExitCodes.Failed, $"没有报送{id}的公开记录（gRPC 状态码 5）"),
            ("wrong state", await suite.RunAsync(suite.OperatorKey, "return", id, "--comment", "请补充说明"), ExitCodes.Failed, "拒绝了请求：当前状态（已退回）不能退回（gRPC 状态码 9）"),
            ("Intake down", await suite.RunAsync(suite.OperatorKey, "list", "--intake-url", nowhere), ExitCodes.Unreachable,
                $"无法连接受理服务（{at}）：连接被拒绝，该地址没有服务在监听（gRPC 状态码 14）"),
            ("Reconciler down", await suite.RunAsync(suite.OperatorKey, "report", id, "--reconciler-url", nowhere), ExitCodes.Unreachable, $"无法连接校核服务（{at}）：连接被拒绝"),
            ("Publication down", await suite.RunAsync(suite.OperatorKey, "retract", id, "--reason", "误操作", "--publication-url", nowhere), ExitCodes.Unreachable,
                $"无法连接公开发布服务（{at}）：连接被拒绝"),
        };

        foreach (var (what, result, code, says) in cases)
        {
            Assert.True(result.Code == code, $"{what}: exit code {result.Code}, not {code}\n{result}");
            Assert.True(result.Error.Contains(says, StringComparison.Ordinal), $"{what}: does not say \"{says}\"\n{result.Error}");
            var english = OperatorTextTests.English(result.Output + "\n" + result.Error);
            Assert.True(english.Count == 0, $"{what}: English or internal words {string.Join(", ", english)}\n{result.Error}");
        }
    }

    [Fact]
    public async Task An_operator_marks_a_revision_reviewed_and_assigns_it_and_a_new_revision_starts_unmarked()
    {
        using var files = new SeedFiles();
        var file = files.Write("001_", "724");
        var id = await SubmitAsync(suite.Dadukou, file);
        await suite.RunAsync(suite.Dadukou, "watch", id, "--until-reconciled");

        var reviewed = await suite.RunAsync(suite.OperatorKey, "review", id);
        Assert.True(reviewed.Code == ExitCodes.Ok, reviewed.ToString());
        Assert.Equal($"{id}：第1版已审阅，未分派", reviewed.Output.Trim());
        var assigned = await suite.RunAsync(suite.OperatorKey, "assign", id, "审核员");
        Assert.True(assigned.Code == ExitCodes.Ok, assigned.ToString());
        Assert.Equal($"{id}：第1版已审阅，分派给 审核员", assigned.Output.Trim());

        var nobody = await suite.RunAsync(suite.OperatorKey, "assign", id, "无此操作员");
        Assert.Equal(ExitCodes.InvalidInput, nobody.Code);
        Assert.Contains("\n  分派对象：“无此操作员”不是在用的操作员密钥名称", nobody.Error, StringComparison.Ordinal);
        var district = await suite.RunAsync(suite.Dadukou, "review", id);
        Assert.Equal(ExitCodes.Failed, district.Code);
        Assert.Contains("需要操作员角色（gRPC 状态码 7）", district.Error, StringComparison.Ordinal);
        foreach (var result in new[] { reviewed, assigned, nobody, district })
        {
            Assert.Empty(OperatorTextTests.English(result.Output + "\n" + result.Error));
        }

        // Intake records both, with the operator and the time.
        var audit = await suite.AuditAsync(id);
        Assert.Contains(audit, e => e.Action == "review" && e.Actor == "审核员 (operator)" && e.Reason == "标记为已审阅" && e.At is not null);
        Assert.Contains(audit, e => e.Action == "assign" && e.Actor == "审核员 (operator)" && e.Reason == "分派给 审核员");

        // New content is a new revision: the reviewed mark was for the old one; the assignment stays.
        var package = Google.Protobuf.JsonParser.Default.Parse<Contracts.Budget.V1.BudgetPackage>(await File.ReadAllTextAsync(file));
        package.Narrative.Text += "\n（修订）";
        await File.WriteAllTextAsync(file, Google.Protobuf.JsonFormatter.Default.Format(package));
        Assert.Equal(id, await SubmitAsync(suite.Dadukou, file));
        var status = JsonDocument.Parse((await suite.RunAsync(suite.OperatorKey, "status", id, "--json")).Output).RootElement.GetProperty("summary");
        Assert.Equal(2, status.GetProperty("latestRevision").GetInt32());
        Assert.False(status.TryGetProperty("reviewedBy", out _));
        Assert.Equal("审核员", status.GetProperty("assignee").GetString());

        var cleared = await suite.RunAsync(suite.OperatorKey, "assign", id, "--clear");
        Assert.Equal($"{id}：第2版未审阅，未分派", cleared.Output.Trim());
    }

    /// <summary>Polls `status ID --json` as a script would, until Intake reports <paramref name="status"/>.</summary>
    private async Task WaitForStatusAsync(string id, string status)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < until)
        {
            var result = await suite.RunAsync(suite.OperatorKey, "status", id, "--json");
            Assert.True(result.Code == ExitCodes.Ok, result.ToString());
            last = JsonDocument.Parse(result.Output).RootElement.GetProperty("receipt").GetProperty("status").GetString()!;
            if (last == status)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{id} never reached {status}; last {last}");
    }

    private async Task<string> SubmitAsync(string key, string file)
    {
        var result = await suite.RunAsync(key, "submit", file, "--json");
        Assert.True(result.Code == ExitCodes.Ok, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement[0].GetProperty("receipt").GetProperty("submissionId").GetString()!;
    }
}
