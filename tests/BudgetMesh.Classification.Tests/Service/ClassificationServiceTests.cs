using System.Text;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.GrpcClients;
using BudgetMesh.Testing;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1;

namespace BudgetMesh.Classification.Tests.Service;

/// <summary>Every rpc through the real gRPC path, against a real PostgreSQL.</summary>
public sealed class ClassificationServiceTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string EntryHeader = "code,name,level,parent_code,status,sources,note\n";
    private ClassificationHost _host = null!;

    public async Task InitializeAsync()
    {
        await db.ResetAsync();
        _host = await ClassificationHost.StartAsync(db.ConnectionString);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<ValidateLinesResponse> Validate(int year, params Line[] lines)
    {
        var request = new ValidateLinesRequest { BudgetYear = year, UnitKind = UnitKind.Administrative };
        request.Lines.AddRange(lines);
        return _host.Client.ValidateLinesAsync(request, ClassificationHost.Operator()).ResponseAsync;
    }

    private static Line Line(string code, string name, TableKey table = TableKey.Gf) => new() { Code = code, PrintedName = name, Table = table };

    private Task<DescribeCatalogResponse> Describe(int year) =>
        _host.Client.DescribeCatalogAsync(new DescribeCatalogRequest { BudgetYear = year }, ClassificationHost.Operator()).ResponseAsync;

    private Task<ImportCatalogResponse> Import(int year, string csv, Scheme scheme = Scheme.Function, bool partial = false, bool mapping = false) =>
        _host.Client.ImportCatalogAsync(new ImportCatalogRequest
        {
            BudgetYear = year,
            Scheme = scheme,
            Partial = partial,
            IsMapping = mapping,
            Csv = ByteString.CopyFromUtf8(csv),
        }, ClassificationHost.Operator()).ResponseAsync;

    [Theory]
    [InlineData(null, StatusCode.Unauthenticated)]
    [InlineData("bm_nobody_ZZZZZZZZZZZZZZZZZZZZ", StatusCode.Unauthenticated)]
    [InlineData(FakeCallers.District, StatusCode.PermissionDenied)]
    public async Task Importing_a_catalog_and_checking_a_package_take_an_operator_key_and_the_catalog_stays(string? key, StatusCode expected)
    {
        var before = await Describe(2025);
        var import = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ImportCatalogAsync(new ImportCatalogRequest { BudgetYear = 2025, Scheme = Scheme.Function, Partial = true, Csv = ByteString.CopyFromUtf8("code,name\n2019999,伪造科目\n") }, ClassificationHost.As(key)).ResponseAsync);
        var check = await Assert.ThrowsAsync<RpcException>(() => _host.Client.CheckPackageAsync(new CheckPackageRequest { Package = new BudgetPackage() }, ClassificationHost.As(key)).ResponseAsync);

        Assert.Equal(expected, import.StatusCode);
        Assert.Equal(expected, check.StatusCode);
        Assert.Equal(before.Version, (await Describe(2025)).Version);
    }

    [Fact]
    public async Task Catalog_queries_answer_without_a_key_the_catalogs_being_published_reference_data()
    {
        var described = await _host.Client.DescribeCatalogAsync(new DescribeCatalogRequest { BudgetYear = 2025 }, ClassificationHost.As(null)).ResponseAsync;
        Assert.NotEmpty(described.Version);
    }

    [Fact]
    public async Task ValidateLines_answers_per_line_with_the_catalog_version_that_judged_it()
    {
        var response = await Validate(2025,
            Line("2010301", "行政运行"),
            Line("30102", "基本工资", TableKey.Jb),
            Line("2010304", "专项服务"),
            Line("30115", "某费用", TableKey.Jb),
            Line("201", "一般公共预算支出", TableKey.Cz),
            Line("2010", "行政运行"),
            Line("30101", "基本工资", TableKey.Gf));

        Assert.Equal((await Describe(2025)).Version, response.CatalogVersion);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], response.Results.Select(r => r.Index));
        Assert.Equal(
            [LineVerdict.Ok, LineVerdict.NameMismatch, LineVerdict.UnknownCode, LineVerdict.UnknownCode, LineVerdict.NameMismatch, LineVerdict.WrongLevel, LineVerdict.WrongScheme],
            response.Results.Select(r => r.Verdict));
        Assert.Equal(("30101", "津贴补贴", Severity.Error, "C2-NAME-MISMATCH"), (response.Results[1].NameBelongsTo, response.Results[1].ExpectedName, response.Results[1].Severity, response.Results[1].RuleId));
        Assert.Equal((false, Severity.Warning), (response.Results[2].CatalogComplete, response.Results[2].Severity));
        Assert.Contains("不在已知目录中", response.Results[2].Message, StringComparison.Ordinal);
        Assert.Equal((true, Severity.Error), (response.Results[3].CatalogComplete, response.Results[3].Severity));
        Assert.Equal(Severity.Warning, response.Results[4].Severity);
    }

    [Fact]
    public async Task ValidateLines_takes_a_batch_of_ten_thousand_lines_in_one_call()
    {
        var lines = Enumerable.Range(0, 10_000).Select(i => Line(i % 2 == 0 ? "2210201" : "2210203", i % 2 == 0 ? "住房公积金" : "购房补贴")).ToArray();
        var response = await Validate(2025, lines);
        Assert.Equal(10_000, response.Results.Count);
        Assert.All(response.Results, r => Assert.Equal(LineVerdict.Ok, r.Verdict));
    }

    [Fact]
    public async Task A_year_without_any_catalog_is_a_failed_precondition_and_a_bad_year_an_invalid_argument()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => Validate(2030, Line("2010301", "行政运行")));
        Assert.Equal(StatusCode.FailedPrecondition, missing.StatusCode);
        var describe = await Assert.ThrowsAsync<RpcException>(() => Describe(2030));
        Assert.Equal(StatusCode.NotFound, describe.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Validate(0, Line("2010301", "行政运行")));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("budget_year", Assert.Single(bad.FieldViolations()).Field);
    }

    [Fact]
    public async Task LookupCode_finds_an_entry_with_its_provenance_and_says_where_the_catalog_is_complete()
    {
        var found = await _host.Client.LookupCodeAsync(new LookupCodeRequest { BudgetYear = 2025, Scheme = Scheme.Function, Code = "2101103" }, ClassificationHost.Operator()).ResponseAsync;
        Assert.True(found.Found);
        Assert.Equal(("公务员医疗补助", 3, "21011", "from_seed"), (found.Entry.Name, found.Entry.Level, found.Entry.ParentCode, found.Entry.Provenance));
        Assert.False(found.CatalogComplete);

        var unknown = await _host.Client.LookupCodeAsync(new LookupCodeRequest { BudgetYear = 2025, Scheme = Scheme.DepartmentEconomic, Code = "30115" }, ClassificationHost.Operator()).ResponseAsync;
        Assert.False(unknown.Found);
        Assert.True(unknown.CatalogComplete);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => _host.Client.LookupCodeAsync(new LookupCodeRequest { BudgetYear = 2025, Scheme = Scheme.Function, Code = "30101" }, ClassificationHost.Operator()).ResponseAsync);
        Assert.Equal("code", Assert.Single(invalid.FieldViolations()).Field);
    }

    [Fact]
    public async Task ListChildren_lists_the_classes_or_a_code_s_children_and_refuses_an_unknown_parent()
    {
        var classes = await _host.Client.ListChildrenAsync(new ListChildrenRequest { BudgetYear = 2023, Scheme = Scheme.DepartmentEconomic }, ClassificationHost.Operator()).ResponseAsync;
        Assert.Equal(["301", "302", "303", "307", "309", "310", "311", "312", "313", "399"], classes.Entries.Select(e => e.Code));

        var items = await _host.Client.ListChildrenAsync(new ListChildrenRequest { BudgetYear = 2025, Scheme = Scheme.Function, ParentCode = "22102" }, ClassificationHost.Operator()).ResponseAsync;
        Assert.Equal(["2210201", "2210202", "2210203"], items.Entries.Select(e => e.Code));

        var missing = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ListChildrenAsync(new ListChildrenRequest { BudgetYear = 2025, Scheme = Scheme.Function, ParentCode = "22109" }, ClassificationHost.Operator()).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var noScheme = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ListChildrenAsync(new ListChildrenRequest { BudgetYear = 2025 }, ClassificationHost.Operator()).ResponseAsync);
        Assert.Equal("scheme", Assert.Single(noScheme.FieldViolations()).Field);
    }

    [Fact]
    public async Task MapEconomicCode_gives_the_agency_or_the_public_institution_target()
    {
        Task<MapEconomicCodeResponse> Map(string code, UnitKind kind) => _host.Client.MapEconomicCodeAsync(new MapEconomicCodeRequest { BudgetYear = 2025, DepartmentCode = code, UnitKind = kind }, ClassificationHost.Operator()).ResponseAsync;

        var agency = await Map("30101", UnitKind.Administrative);
        Assert.Equal((true, "50101", "工资奖金津补贴"), (agency.Found, agency.GovernmentCode, agency.GovernmentName));
        var institution = await Map("30101", UnitKind.PublicInstitution);
        Assert.Equal((true, "50501", "工资福利支出"), (institution.Found, institution.GovernmentCode, institution.GovernmentName));
        Assert.False((await Map("30311", UnitKind.CivilServiceManaged)).Found);

        var consolidated = await Assert.ThrowsAsync<RpcException>(() => Map("30101", UnitKind.DepartmentConsolidated));
        Assert.Equal("unit_kind", Assert.Single(consolidated.FieldViolations()).Field);
        var badCode = await Assert.ThrowsAsync<RpcException>(() => Map("501", UnitKind.Administrative));
        Assert.Equal("department_code", Assert.Single(badCode.FieldViolations()).Field);
    }

    [Fact]
    public async Task DescribeCatalog_reports_version_origin_counts_and_completeness()
    {
        var description = await Describe(2025);
        Assert.Equal(2025, description.BudgetYear);
        Assert.Matches("^[0-9a-f]{16}$", description.Version);
        Assert.Equal("built-in 2023-2026", description.Origin);
        Assert.Equal(29, description.Counts["function/1"]);
        Assert.Equal(102, description.Counts["mapping"]);
        Assert.Contains(description.Branches, b => b is { Scheme: Scheme.Function, Code: "", Complete: true });
        Assert.Contains(description.Branches, b => b is { Scheme: Scheme.DepartmentEconomic, Code: "301", Complete: true });
        Assert.Contains(description.Branches, b => b is { Scheme: Scheme.Function, Code: "20103", Complete: false });
        Assert.Equal(description.Version, (await Describe(2023)).Version);
    }

    [Fact]
    public async Task CheckPackage_runs_C1_to_C8_on_a_seed_and_reports_the_mislabel()
    {
        var response = await _host.Client.CheckPackageAsync(new CheckPackageRequest { Package = Seeds.Load(Seeds.Seed001) }, ClassificationHost.Operator()).ResponseAsync;
        Assert.Equal((await Describe(2025)).Version, response.CatalogVersion);
        Assert.Equal(["C1-UNKNOWN-CODE", "C2-NAME-MISMATCH", "C3-LEVEL", "C4-PARENT", "C5-CODE-DOMAIN", "C6-ECONOMIC-MAPPING", "C7-JB-PLACEMENT", "C8-FORMER-NAME"], response.Results.Select(r => r.RuleId));
        var names = response.Results[1];
        Assert.Equal(Outcome.Fail, names.Outcome);
        Assert.Equal((TableKey.Cz, "201"), (names.Findings[0].Locations[0].Table, names.Findings[0].Locations[0].RowCode));

        var missing = await Assert.ThrowsAsync<RpcException>(() => _host.Client.CheckPackageAsync(new CheckPackageRequest(), ClassificationHost.Operator()).ResponseAsync);
        Assert.Equal("package", Assert.Single(missing.FieldViolations()).Field);
    }

    [Fact]
    public async Task A_code_unknown_to_an_incomplete_branch_validates_after_importing_a_catalog_that_contains_it()
    {
        var before = await Validate(2025, Line("2010304", "专项服务"));
        Assert.Equal((LineVerdict.UnknownCode, Severity.Warning), (before.Results[0].Verdict, before.Results[0].Severity));

        var imported = await Import(2025, EntryHeader + "2010304,专项服务,3,20103,,,\n", partial: true);
        Assert.Equal(1, imported.Entries);
        Assert.NotEqual(before.CatalogVersion, imported.Version);

        var after = await Validate(2025, Line("2010304", "专项服务"), Line("2010301", "行政运行"));
        Assert.Equal(imported.Version, after.CatalogVersion);
        Assert.All(after.Results, r => Assert.Equal(LineVerdict.Ok, r.Verdict));
        Assert.Contains("imported function (partial)", (await Describe(2025)).Origin, StringComparison.Ordinal);

        // Another year keeps its own catalog.
        Assert.Equal(LineVerdict.UnknownCode, (await Validate(2026, Line("2010304", "专项服务"))).Results[0].Verdict);
    }

    [Fact]
    public async Task A_full_official_file_replaces_its_scheme_and_makes_every_branch_complete()
    {
        var imported = await Import(2027, EntryHeader + "201,一般公共服务支出,1,,,,\n20103,政府办公厅（室）及相关机构事务,2,201,,,\n2010301,行政运行,3,20103,,,\n");
        Assert.Equal(3, imported.Entries);

        var response = await Validate(2027, Line("2010301", "行政运行"), Line("2010302", "一般行政管理事务"), Line("30101", "基本工资", TableKey.Jb));
        Assert.Equal(LineVerdict.Ok, response.Results[0].Verdict);
        Assert.Equal((LineVerdict.UnknownCode, Severity.Error, true), (response.Results[1].Verdict, response.Results[1].Severity, response.Results[1].CatalogComplete));
        // Nothing imported for the economic schemes of 2027: unknown to us (from its class on), not wrong.
        Assert.Equal((LineVerdict.MissingParent, Severity.Warning), (response.Results[2].Verdict, response.Results[2].Severity));
        Assert.Equal("imported function", (await Describe(2027)).Origin);
    }

    [Fact]
    public async Task A_malformed_file_is_refused_with_line_and_reason_and_the_previous_catalog_stays_in_force()
    {
        var first = await Import(2025, EntryHeader + "2010304,专项服务,3,20103,,,\n", partial: true);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Import(2025, EntryHeader + "201,一般公共服务支出,1,,,,\n20103,政府办公厅,3,201,,,\n20105,统计信息事务,2,201,,,\n"));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("第 3 行", refused.Status.Detail, StringComparison.Ordinal);
        var violation = Assert.Single(refused.FieldViolations());
        Assert.Equal("csv", violation.Field);
        Assert.Contains("第 3 行：层级", violation.Description, StringComparison.Ordinal);

        var unclosed = await Assert.ThrowsAsync<RpcException>(() => Import(2025, EntryHeader + "201,\"一般公共服务支出,1,,,,\n"));
        Assert.Contains("第 2 行：引号没有闭合", unclosed.FieldViolations()[0].Description, StringComparison.Ordinal);

        var description = await Describe(2025);
        Assert.Equal(first.Version, description.Version);
        Assert.Equal(LineVerdict.Ok, (await Validate(2025, Line("2010304", "专项服务"), Line("2010302", "一般行政管理事务"))).Results[1].Verdict);
    }

    [Fact]
    public async Task Imports_are_kept_in_PostgreSQL_and_survive_a_restart()
    {
        var mapping = await Import(2025, "dept_code,gov_code_administrative,gov_code_public_institution\n30311,50102,50501\n", mapping: true, partial: true);
        await _host.DisposeAsync();
        _host = await ClassificationHost.StartAsync(db.ConnectionString);

        Assert.Equal(mapping.Version, (await Describe(2025)).Version);
        var mapped = await _host.Client.MapEconomicCodeAsync(new MapEconomicCodeRequest { BudgetYear = 2025, DepartmentCode = "30311", UnitKind = UnitKind.Administrative }, ClassificationHost.Operator()).ResponseAsync;
        Assert.Equal("50102", mapped.GovernmentCode);
    }

    [Fact]
    public async Task ImportCatalog_refuses_a_request_without_scheme_or_content()
    {
        var noScheme = await Assert.ThrowsAsync<RpcException>(() => Import(2025, EntryHeader, Scheme.Unspecified));
        Assert.Equal("scheme", Assert.Single(noScheme.FieldViolations()).Field);
        var empty = await Assert.ThrowsAsync<RpcException>(() => Import(2025, string.Empty));
        Assert.Equal("csv", Assert.Single(empty.FieldViolations()).Field);
    }

    [Fact]
    public async Task Health_reports_serving_and_reflection_lists_the_service()
    {
        var health = await new Health.HealthClient(_host.Channel.CallInvoker).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var call = new ServerReflection.ServerReflectionClient(_host.Channel.CallInvoker).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(10));
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        var services = new List<string>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            services.AddRange(response.ListServicesResponse.Service.Select(s => s.Name));
        }

        Assert.Contains("budgetmesh.classification.v1.ClassificationService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
