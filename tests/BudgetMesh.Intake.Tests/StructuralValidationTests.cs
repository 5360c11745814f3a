using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>Acceptance 2: every structural error class, over gRPC, with its status code and exact field path.</summary>
public sealed class StructuralValidationTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    private static readonly Dictionary<string, (Action<BudgetPackage> Break, string Path)> Cases = new()
    {
        ["header missing"] = (p => p.Header = null, "package.header"),
        ["district code too short"] = (p => p.Header.DistrictCode = "50010", "package.header.district_code"),
        ["district code not digits"] = (p => p.Header.DistrictCode = "5001O7", "package.header.district_code"),
        ["department code and name both missing"] = (p => (p.Header.DepartmentCode, p.Header.DepartmentName) = ("", ""), "package.header.department_name"),
        ["unit code and name both missing"] = (p => (p.Header.UnitCode, p.Header.UnitName) = ("", " "), "package.header.unit_name"),
        ["department code not digits"] = (p => p.Header.DepartmentCode = "政府办", "package.header.department_code"),
        ["unit code not digits"] = (p => p.Header.UnitCode = "128-1", "package.header.unit_code"),
        ["department name missing"] = (p => p.Header.DepartmentName = " ", "package.header.department_name"),
        ["budget year before 2000"] = (p => p.Header.BudgetYear = 1999, "package.header.budget_year"),
        ["budget year after 2100"] = (p => p.Header.BudgetYear = 2101, "package.header.budget_year"),
        ["unit kind missing"] = (p => p.Header.UnitKind = UnitKind.Unspecified, "package.header.unit_kind"),
        ["unit kind unknown"] = (p => p.Header.UnitKind = (UnitKind)42, "package.header.unit_kind"),
        ["amount unit missing"] = (p => p.Header.AmountUnit = AmountUnit.Unspecified, "package.header.amount_unit"),
        ["function code not digits"] = (p => p.Tables.Gf.Rows[12].Code = "20103O1", "package.tables.gf.rows[12].code"),
        ["function code missing"] = (p => p.Tables.Zc.Rows[0].Code = "", "package.tables.zc.rows[0].code"),
        ["economic code not digits"] = (p => p.Tables.Jbg.Rows[0].Code = "50l", "package.tables.jbg.rows[0].code"),
        ["project function code not digits"] = (p => p.Tables.Xm = new ProjectListTable { Meta = new TableMeta { Unit = AmountUnit.TenThousandYuan, State = TableState.Rows }, Rows = { new ProjectRow { ProjectCode = "50010722T0001", FunctionCode = "2O10301" } } }, "package.tables.xm.rows[0].function_code"),
        ["table meta missing"] = (p => p.Tables.Gf.Meta = null, "package.tables.gf.meta"),
        ["table state missing"] = (p => p.Tables.Jb.Meta.State = TableState.Unspecified, "package.tables.jb.meta.state"),
        ["rows declared but none printed"] = (p => p.Tables.Jj.Meta.State = TableState.Rows, "package.tables.jj.meta.state"),
        ["declared empty but rows printed"] = (p => p.Tables.Gf.Meta.State = TableState.DeclaredEmpty, "package.tables.gf.meta.state"),
        ["table unit missing"] = (p => p.Tables.Jb.Meta.Unit = AmountUnit.Unspecified, "package.tables.jb.meta.unit"),
        ["amount with a control character"] = (p => p.Tables.Gf.Rows[3].Total = "12\u0001.5", "package.tables.gf.rows[3].total"),
        ["amount over 18 digits"] = (p => p.Tables.Jb.Rows[0].Personnel = "1234567890123456789.01", "package.tables.jb.rows[0].personnel"),
        ["amount cell absurdly long"] = (p => p.Tables.Sg.CurrentYear.Reception = new string('X', 65), "package.tables.sg.current_year.reception"),
        ["name with a control character"] = (p => p.Tables.Gf.Rows[0].Name = "一般公共服务\u0007支出", "package.tables.gf.rows[0].name"),
        ["too many rows"] = (p => p.Tables.Xmj.Rows.AddRange(Enumerable.Range(0, 5000).Select(_ => new EconomicAmountRow { Code = "302", Amount = "1" })), "package.tables.xmj.rows"),
        ["narrative too long"] = (p => p.Narrative.Text = new string('说', 200_001), "package.narrative.text"),
        ["indicator weight with a control character"] = (p => p.Tables.Xj[0].Indicators[0].Weight = "\u001b[31m", "package.tables.xj[0].indicators[0].weight"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_malformed_package_is_refused_with_the_exact_field_path_and_nothing_is_stored(string name)
    {
        var (breakIt, path) = Cases[name];
        var package = intake.NewPackage();
        breakIt(package);

        var error = await Assert.ThrowsAsync<RpcException>(() => intake.OwnDistrict.SubmitAsync(package));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.FieldViolations());
        Assert.Equal(path, violation.Field);
        // The field path is machine-readable; the reason is Chinese, with no English half.
        Assert.Matches(@"^[^A-Za-z]*\p{IsCJKUnifiedIdeographs}[^A-Za-z]*$", violation.Description);
        Assert.Equal(0L, await intake.ScalarAsync<long>("SELECT count(*) FROM intake.submissions WHERE department_code = $1", package.Header?.DepartmentCode ?? ""));
    }

    [Fact]
    public async Task A_missing_package_is_refused_as_the_field_package()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => intake.OwnDistrict.SubmitAsync(null!));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("package", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task Several_problems_come_back_as_one_violation_each()
    {
        var package = intake.NewPackage();
        package.Header.BudgetYear = 1990;
        package.Tables.Gf.Rows[1].Code = "2x";
        package.Tables.Jb.Rows[2].Code = "30l";

        var error = await Assert.ThrowsAsync<RpcException>(() => intake.OwnDistrict.SubmitAsync(package));

        Assert.Equal(
            ["package.header.budget_year", "package.tables.gf.rows[1].code", "package.tables.jb.rows[2].code"],
            error.FieldViolations().Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_package_over_the_size_limit_is_refused_with_RESOURCE_EXHAUSTED_and_nothing_is_stored()
    {
        var package = intake.NewPackage();
        package.Tables.Gf.Meta.Notes.Add(new string('x', 4 * 1024 * 1024 + 1));

        var error = await Assert.ThrowsAsync<RpcException>(() => intake.OwnDistrict.SubmitAsync(package));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0L, await intake.ScalarAsync<long>("SELECT count(*) FROM intake.submissions WHERE department_code = $1", package.Header.DepartmentCode));
    }

    [Fact]
    public async Task A_printed_cell_that_is_not_a_number_is_accepted_and_kept_verbatim()
    {
        var package = intake.NewPackage();
        package.Tables.Gf.Rows[4].Total = ".";
        package.Tables.Jb.Rows[0].Total = "XX";

        var receipt = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;

        var stored = await intake.OwnDistrict.GetAsync(receipt.SubmissionId, includePackage: true);
        Assert.Equal(".", stored.Package.Tables.Gf.Rows[4].Total);
        Assert.Equal("XX", stored.Package.Tables.Jb.Rows[0].Total);
        Assert.Equal(SubmissionStatus.Received, receipt.Status);
    }

    [Fact]
    public async Task A_printed_code_of_no_classification_level_is_accepted_and_kept_verbatim_for_Classification_to_name()
    {
        // As 万里街道 2024 prints "301 2 津贴补贴": the 款 with one digit, 3012. Its level is C3-LEVEL's finding, not structure.
        var package = intake.NewPackage();
        package.Tables.Jb.Rows[5].Code = "3012";
        package.Tables.Gf.Rows[3].Code = "2010";

        var receipt = (await intake.OwnDistrict.SubmitAsync(package)).Receipt;

        var stored = await intake.OwnDistrict.GetAsync(receipt.SubmissionId, includePackage: true);
        Assert.Equal(("3012", "2010"), (stored.Package.Tables.Jb.Rows[5].Code, stored.Package.Tables.Gf.Rows[3].Code));
    }
}
