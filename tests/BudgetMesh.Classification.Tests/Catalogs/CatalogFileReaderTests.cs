using System.Text;
using BudgetMesh.Classification.Catalogs;
using BudgetMesh.Classification.Import;
using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Tests.Catalogs;

public sealed class CatalogFileReaderTests
{
    private const string Header = "code,name,level,parent_code,status,sources,note\n";

    private static IReadOnlyList<LineError> Errors(string csv, bool partial = false, string kind = "function")
    {
        Assert.Null(CatalogImport.Parse(kind, partial, Encoding.UTF8.GetBytes(csv), _ => false, out var errors));
        return errors;
    }

    [Fact]
    public void A_well_formed_file_reads_every_entry_with_its_level_and_parent()
    {
        var file = CatalogImport.Parse("function", false, Encoding.UTF8.GetBytes(Header + "201,一般公共服务支出,1,,,,\n20103,\"政府办公厅（室）及相关机构事务\",2,201,,,\"note, with comma\"\n2010301,行政运行,3,20103,,,\n"), _ => false, out var errors);
        Assert.Empty(errors);
        Assert.NotNull(file);
        Assert.Equal(3, file.Count);
        Assert.Equal(new[] { "", "201", "20103" }, file.Entries.Select(e => e.ParentCode));
        Assert.All(file.Entries, e => Assert.Equal("imported", e.Provenance));
    }

    [Theory]
    [InlineData("201,一般公共服务支出,1,,,,\n20103,政府办公厅,3,201,,,\n", 3, "层级")]
    [InlineData("201,一般公共服务支出,1,,,,\n20103,政府办公厅,2,202,,,\n", 3, "上级编码")]
    [InlineData("201,一般公共服务支出,1,,,,\n201,一般公共服务支出,1,,,,\n", 3, "与第 2 行重复")]
    [InlineData("201,一般公共服务支出,1,,,,\n2010,政府办公厅,2,201,,,\n", 3, "长度 4 位")]
    [InlineData("201,一般公共服务支出,1,,,,\n20A03,政府办公厅,2,201,,,\n", 3, "不是数字")]
    [InlineData("201,一般公共服务支出,1,,,,\n30101,基本工资,2,301,,,\n", 3, "不属于支出功能分类")]
    [InlineData("201,一般公共服务支出,1,,,,\n20103,,2,201,,,\n", 3, "名称为空")]
    [InlineData("201,一般公共服务支出,1,,,,\n20103,政府办公厅,2,201\n", 3, "有 4 列")]
    [InlineData("201,一般公共服务支出,1,,,,\n20103,\"政府办公厅,2,201,,,\n", 3, "引号没有闭合")]
    [InlineData("201,一般公共服务支出,1,,,,\n2010301,行政运行,3,20103,,,\n", 3, "上级科目 20103")]
    public void A_malformed_line_is_named_with_its_line_number_and_reason(string body, int line, string reason)
    {
        var error = Assert.Single(Errors(Header + body));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"第 {line} 行：", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_the_required_columns_is_refused_on_line_1()
    {
        var error = Assert.Single(Errors("编码,名称\n201,一般公共服务支出\n"));
        Assert.Equal(1, error.Line);
        Assert.Contains("code", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_not_in_utf8_is_refused_with_the_line_of_the_first_bad_byte()
    {
        var gbk = Encoding.UTF8.GetBytes(Header + "201,一般公共服务支出,1,,,,\n").Concat(new byte[] { 0x32, 0x30, 0x32, 0x2C, 0xCD, 0xE2, 0x0A }).ToArray();
        Assert.Null(CatalogImport.Parse("function", false, gbk, _ => false, out var errors));
        Assert.Equal(3, Assert.Single(errors).Line);
    }

    [Fact]
    public void Every_bad_line_is_reported_not_only_the_first()
    {
        var errors = Errors(Header + "201,一般公共服务支出,1,,,,\n20103,a,3,201,,,\n20105,b,2,999,,,\n");
        Assert.Equal([3, 4], errors.Select(e => e.Line));
    }

    [Fact]
    public void A_partial_file_may_hang_its_codes_on_parents_of_the_catalog_in_force()
    {
        var csv = Encoding.UTF8.GetBytes(Header + "2010304,专项服务,3,20103,,,\n");
        var content = Seeds.Content();
        var file = CatalogImport.Parse("function", true, csv, code => content.Contains(Scheme.Function, code), out var errors);
        Assert.Empty(errors);
        Assert.True(Catalog.Build(content.With(file!)).Find(Scheme.Function, "2010304") is { Provenance: "imported" });
    }

    [Theory]
    [InlineData("30101,50101,50501\n30101,50101,50501\n", 3, "重复")]
    [InlineData("301,50101,50501\n", 2, "dept_code")]
    [InlineData("30101,30101,50501\n", 2, "gov_code_administrative")]
    [InlineData("30101,50101,5050\n", 2, "gov_code_public_institution")]
    public void A_malformed_mapping_line_is_named(string body, int line, string reason)
    {
        var error = Assert.Single(Errors("dept_code,gov_code_administrative,gov_code_public_institution\n" + body, kind: "mapping"));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
