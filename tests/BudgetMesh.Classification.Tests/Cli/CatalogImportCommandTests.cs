using System.Text;
using BudgetMesh.Classification.Tests.Service;
using BudgetMesh.Cli;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.Classification.Tests.Cli;

/// <summary>`budgetmesh catalog import` against the real service.</summary>
public sealed class CatalogImportCommandTests(PostgresDatabaseFixture db) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("budgetmesh-cli-").FullName;
    private ClassificationHost _host = null!;

    public async Task InitializeAsync()
    {
        await db.ResetAsync();
        _host = await ClassificationHost.StartAsync(db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string File(string content)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BudgetMeshCli.RunAsync(args, output, error, environment);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => Run(_ => null, [.. args, "--url", _host.Address.ToString(), "--key", FakeCallers.Operator]);

    [Fact]
    public async Task Without_an_operator_key_the_import_is_refused_with_exit_1_and_the_catalog_stays()
    {
        var file = File("code,name,level,parent_code\n2010304,专项服务,3,20103\n");
        var anonymous = await Run(_ => null, "catalog", "import", "2025", file, "--partial", "--url", _host.Address.ToString());
        var district = await Run(_ => null, "catalog", "import", "2025", file, "--partial", "--url", _host.Address.ToString(), "--key", FakeCallers.District);

        Assert.Equal(ExitCodes.Failed, anonymous.Code);
        Assert.Contains("（gRPC 状态码 16）", anonymous.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, district.Code);
        Assert.Contains("（gRPC 状态码 7）", district.Err, StringComparison.Ordinal);
        var lookup = await _host.Client.LookupCodeAsync(new LookupCodeRequest { BudgetYear = 2025, Scheme = Scheme.Function, Code = "2010304" }, ClassificationHost.Operator());
        Assert.False(lookup.Found);
    }

    [Fact]
    public async Task Importing_a_good_file_exits_0_and_the_catalog_has_the_code()
    {
        var (code, output, _) = await Run("catalog", "import", "2025", File("code,name,level,parent_code\n2010304,专项服务,3,20103\n"), "--partial");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("1 条", output, StringComparison.Ordinal);

        var lookup = await _host.Client.LookupCodeAsync(
            new LookupCodeRequest { BudgetYear = 2025, Scheme = Scheme.Function, Code = "2010304" }, ClassificationHost.Operator());
        Assert.Equal(("专项服务", "imported"), (lookup.Entry.Name, lookup.Entry.Provenance));
    }

    [Fact]
    public async Task A_mapping_file_goes_in_with_scheme_mapping()
    {
        var (code, _, _) = await Run("catalog", "import", "2025", File("dept_code,gov_code_administrative,gov_code_public_institution\n30311,50102,50501\n"), "--scheme", "mapping", "--partial");
        Assert.Equal(ExitCodes.Ok, code);
    }

    [Fact]
    public async Task A_malformed_file_exits_2_naming_the_line_and_reason()
    {
        var (code, _, error) = await Run("catalog", "import", "2025", File("code,name,level,parent_code\n30101,基本工资,3,301\n"), "--scheme", "department-economic");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("第 2 行：层级", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_usage_or_a_missing_file_exits_2()
    {
        Assert.Equal(ExitCodes.InvalidInput, (await Run("catalog", "import", "2025")).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await Run("catalog", "import", "2025", File("x"), "--scheme", "revenue")).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await Run("catalog", "import", "twenty", File("x"))).Code);
        Assert.Equal(ExitCodes.InvalidInput, (await Run("catalog", "import", "2025", Path.Combine(_directory, "none.csv"))).Code);
    }

    [Fact]
    public async Task An_unreachable_service_exits_3()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, _, error) = await Run(_ => null, "catalog", "import", "2025", File("code,name,level,parent_code\n201,一般公共服务支出,1,\n"), "--url", $"http://127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("无法连接", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_url_comes_from_the_environment_when_not_given()
    {
        var environment = new Dictionary<string, string?> { ["BUDGETMESH_CLASSIFICATION_URL"] = _host.Address.ToString(), ["BUDGETMESH_KEY"] = FakeCallers.Operator };
        var (code, _, _) = await Run(name => environment.GetValueOrDefault(name), "catalog", "import", "2025", File("code,name,level,parent_code\n2010304,专项服务,3,20103\n"), "--partial");
        Assert.Equal(ExitCodes.Ok, code);
    }
}
