using BudgetMesh.Contracts.Intake.V1;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>KeyService.DescribeCaller: any valid key learns who it is; nothing else does.</summary>
public sealed class DescribeCallerTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task An_operator_key_is_described_with_its_id_kind_and_name_and_never_its_secret()
    {
        var created = await intake.Admin.CreateKeyAsync(KeyKind.Operator, "", "预算科值班员");

        var described = await intake.Anonymous.As(created.Secret).DescribeCallerAsync();

        Assert.Equal(created.Key.KeyId, described.Key.KeyId);
        Assert.Equal(KeyKind.Operator, described.Key.Kind);
        Assert.Equal("预算科值班员", described.Key.Name);
        Assert.Equal("", described.Key.DistrictCode);
        Assert.DoesNotContain(created.Secret[(created.Secret.IndexOf('_', 3) + 1)..], described.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_district_key_is_described_with_its_district()
    {
        var described = await intake.OwnDistrict.DescribeCallerAsync();

        Assert.Equal(KeyKind.District, described.Key.Kind);
        Assert.Equal(IntakeFixture.Own, described.Key.DistrictCode);
    }

    [Fact]
    public async Task No_key_a_wrong_key_and_a_revoked_key_are_unauthenticated()
    {
        foreach (var api in new[] { intake.Anonymous, intake.Anonymous.As("bm_nosuchkey_" + new string('B', 43)), intake.Revoked })
        {
            var error = await Assert.ThrowsAsync<RpcException>(api.DescribeCallerAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }
}
