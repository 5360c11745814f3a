using BudgetMesh.Contracts.Budget;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Intake.Validation;

namespace BudgetMesh.Intake.Tests;

/// <summary>The pure structural rules; the gRPC-level cases live in StructuralValidationTests.</summary>
public sealed class PackageValidatorTests
{
    private static readonly IntakeLimits Limits = new();

    [Fact]
    public void Every_seed_package_is_structurally_valid()
    {
        foreach (var package in Seeds.All())
        {
            Assert.Empty(PackageValidator.Validate(package, Limits));
        }
    }

    [Theory]
    [InlineData(".")]
    [InlineData("XX")]
    [InlineData("—")]
    [InlineData("2,686.02")]
    [InlineData("-3.5")]
    [InlineData("123456789012345678")]
    public void A_printed_cell_that_is_not_a_number_is_left_for_the_reconciler(string cell)
    {
        var package = Seeds.Jiulongpo();
        package.Tables.Gf.Rows[0].Total = cell;

        Assert.Empty(PackageValidator.Validate(package, Limits));
    }

    [Fact]
    public void Every_problem_is_reported_once_with_its_own_path()
    {
        var package = Seeds.Jiulongpo();
        package.Header.DistrictCode = "5001";
        package.Tables.Gf.Rows[2].Code = "2O1";
        package.Tables.Jb.Rows[1].Total = "1234567890123456789";

        var violations = PackageValidator.Validate(package, Limits);

        Assert.Equal(
            ["package.header.district_code", "package.tables.gf.rows[2].code", "package.tables.jb.rows[1].total"],
            violations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Descriptions_carry_Chinese_and_English()
    {
        var package = Seeds.Jiulongpo();
        package.Tables.Gf.Rows[0].Code = "20a";

        var violation = Assert.Single(PackageValidator.Validate(package, Limits));

        Assert.Equal("代码必须为数字", violation.Description);
    }

    [Theory]
    [InlineData("-1234.56", 6)]
    [InlineData("7", 1)]
    [InlineData(".", 0)]
    [InlineData("1.2.3", 0)]
    [InlineData("12a", 0)]
    public void Digits_are_counted_only_for_plain_decimals(string cell, int digits) =>
        Assert.Equal(digits, PackageValidator.DigitCountIfNumber(cell));

    [Fact]
    public void A_missing_package_is_one_violation() =>
        Assert.Equal("package", Assert.Single(PackageValidator.Validate(null, Limits)).Field);

    [Fact]
    public void Row_limits_come_from_the_limits_given()
    {
        var package = Seeds.Jiulongpo();

        var violations = PackageValidator.Validate(package, Limits with { MaxRowsPerTable = 10 });

        Assert.Contains(violations, v => v.Field == "package.tables.gf.rows");
        Assert.Contains(violations, v => v.Field == "package.tables.jb.rows");
    }

    [Fact]
    public void A_department_and_unit_that_print_no_code_are_identified_by_their_names()
    {
        var package = Seeds.Jiulongpo();
        package.Header.DepartmentCode = "";
        package.Header.UnitCode = "";

        Assert.Empty(PackageValidator.Validate(package, Limits));
    }

    [Fact]
    public void Without_code_and_name_the_name_is_the_field_refused_and_a_printed_code_must_still_be_digits()
    {
        var package = Seeds.Jiulongpo();
        (package.Header.DepartmentCode, package.Header.DepartmentName) = ("", " ");
        package.Header.UnitCode = "128-1";

        var violations = PackageValidator.Validate(package, Limits);

        Assert.Equal(["package.header.department_name", "package.header.unit_code"], violations.Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal(["部门名称不能为空", "单位代码必须为数字"], violations.OrderBy(v => v.Field, StringComparer.Ordinal).Select(v => v.Chinese));
    }
}
