using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Intake.Keys;

namespace BudgetMesh.Intake.Tests;

public sealed class AccessTests
{
    private static readonly Caller District = new("d", "九龙坡区一体化", KeyKind.District, "500107");
    private static readonly Caller Operator = new("o", "operator", KeyKind.Operator, null);
    private static readonly Caller Admin = new("a", "admin", KeyKind.Admin, null);
    private static readonly Caller Service = new("s", "校核服务", KeyKind.Service, null);

    [Fact]
    public void A_district_submits_and_reads_only_its_own_district()
    {
        Assert.True(Access.Decide(District, Operation.Submit, "500107").Allowed);
        Assert.True(Access.Decide(District, Operation.Read, "500107").Allowed);
        Assert.False(Access.Decide(District, Operation.Submit, "500104").Allowed);
        Assert.False(Access.Decide(District, Operation.Read, "500104").Allowed);
    }

    [Fact]
    public void A_district_neither_decides_nor_manages_keys()
    {
        Assert.False(Access.Decide(District, Operation.Approve).Allowed);
        Assert.False(Access.Decide(District, Operation.Return).Allowed);
        Assert.False(Access.Decide(District, Operation.ReadAllAudit).Allowed);
        Assert.False(Access.Decide(District, Operation.ManageKeys).Allowed);
    }

    [Fact]
    public void Operators_read_and_decide_everything_but_do_not_submit_or_manage_keys()
    {
        Assert.True(Access.Decide(Operator, Operation.Read, "500104").Allowed);
        Assert.True(Access.Decide(Operator, Operation.Approve).Allowed);
        Assert.True(Access.Decide(Operator, Operation.Return).Allowed);
        Assert.True(Access.Decide(Operator, Operation.ReadAllAudit).Allowed);
        Assert.False(Access.Decide(Operator, Operation.Submit, "500104").Allowed);
        Assert.False(Access.Decide(Operator, Operation.ManageKeys).Allowed);
    }

    [Fact]
    public void Admins_are_operators_who_also_manage_keys()
    {
        Assert.True(Access.Decide(Admin, Operation.Approve).Allowed);
        Assert.True(Access.Decide(Admin, Operation.ManageKeys).Allowed);
    }

    [Fact]
    public void A_service_reads_every_district_but_submits_decides_reviews_and_manages_nothing()
    {
        Assert.True(Access.Decide(Service, Operation.Read, "500104").Allowed);
        Assert.True(Access.Decide(Service, Operation.Read, "500107").Allowed);
        Assert.False(Access.Decide(Service, Operation.Submit, "500104").Allowed);
        Assert.False(Access.Decide(Service, Operation.Approve).Allowed);
        Assert.False(Access.Decide(Service, Operation.Return).Allowed);
        Assert.False(Access.Decide(Service, Operation.Review).Allowed);
        Assert.False(Access.Decide(Service, Operation.ReadAllAudit).Allowed);
        Assert.False(Access.Decide(Service, Operation.ManageKeys).Allowed);
        Assert.Equal("校核服务 (service)", Service.Actor);
    }

    [Fact]
    public void A_denial_says_why_in_Chinese() =>
        Assert.Equal("需要操作员角色", Access.Decide(District, Operation.Approve).Denial);
}
