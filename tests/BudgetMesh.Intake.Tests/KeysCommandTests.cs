using BudgetMesh.Cli;

namespace BudgetMesh.Intake.Tests;

/// <summary>`budgetmesh keys …` against the real Intake.</summary>
public sealed class KeysCommandTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task Keys_are_created_listed_and_revoked_through_the_CLI_with_the_key_from_the_environment()
    {
        var created = await RunAsync("keys", "create", "--kind", "district", "--district", "500108", "--name", "南岸区一体化系统");
        Assert.Equal(ExitCodes.Ok, created.Code);
        var key = created.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("bm_", StringComparison.Ordinal));
        var keyId = key.Split('_')[1];

        var listed = await RunAsync("keys", "list");
        Assert.Equal(ExitCodes.Ok, listed.Code);
        Assert.Contains(keyId, listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);

        var revoked = await RunAsync("keys", "revoke", keyId, "--reason", "测试");
        Assert.Equal(ExitCodes.Ok, revoked.Code);
        Assert.Contains("已吊销", revoked.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(keyId, (await RunAsync("keys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_district_key_cannot_manage_keys_and_the_CLI_says_so_without_echoing_the_key()
    {
        var district = (await intake.Admin.CreateKeyAsync(Contracts.Intake.V1.KeyKind.District, IntakeFixture.Own, "区县")).Secret;

        var result = await RunAsync("keys", "list", "--key", district);

        Assert.Equal(ExitCodes.Failed, result.Code);
        Assert.Contains("（gRPC 状态码 7）", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(district, result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_district_key_without_a_district_code_is_refused_field_by_field()
    {
        var result = await RunAsync("keys", "create", "--kind", "district", "--name", "无区划");

        Assert.Equal(ExitCodes.InvalidInput, result.Code);
        Assert.Contains("\n  区划代码：区县密钥必须绑定6位区划代码", result.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["BUDGETMESH_INTAKE_URL"] = intake.Address.ToString(),
            ["BUDGETMESH_KEY"] = IntakeFixture.AdminKey,
        };
        var code = await BudgetMeshCli.RunAsync(args, output, error, name => environment.GetValueOrDefault(name));
        return (code, output.ToString(), error.ToString());
    }
}
