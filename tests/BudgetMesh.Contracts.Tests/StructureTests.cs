using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Contracts.Tests;

/// <summary>Structural sanity of every fixture, independent of the seed text.</summary>
public sealed partial class StructureTests
{
    public static TheoryData<string> Fixtures() => SeedFiles.Fixtures();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_coded_row_has_an_all_digit_code(string fixture)
    {
        var t = SeedFiles.Package(fixture).Tables;
        var codes = new List<(string Where, string Code)>();
        if (t.Cz is { } cz)
        {
            codes.AddRange(cz.ExpenditureByFunction.Select(r => ("cz", r.Code)));
        }

        foreach (var (key, table) in new[] { ("gf", t.Gf), ("jj", t.Jj), ("gz", t.Gz), ("zc", t.Zc) })
        {
            codes.AddRange(table?.Rows.Select(r => (key, r.Code)) ?? []);
        }

        codes.AddRange(t.Jb?.Rows.Select(r => ("jb", r.Code)) ?? []);
        foreach (var (key, table) in new[] { ("jbg", t.Jbg), ("xmj", t.Xmj), ("xmg", t.Xmg) })
        {
            codes.AddRange(table?.Rows.Select(r => (key, r.Code)) ?? []);
        }

        codes.AddRange(t.Sr?.Rows.Select(r => ("sr", r.Code)) ?? []);
        codes.AddRange(t.Sz?.Expenditure.Where(e => e.Code.Length > 0).Select(e => ("sz", e.Code)) ?? []);

        Assert.NotEmpty(codes);
        var bad = codes.Where(c => !Digits().IsMatch(c.Code)).Select(c => $"{c.Where}:'{c.Code}'").ToList();
        Assert.True(bad.Count == 0, string.Join(", ", bad));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_table_with_rows_has_a_unit_and_a_state(string fixture)
    {
        var tables = PrintedTables.Of(SeedFiles.Package(fixture));

        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            Assert.NotNull(table.Meta);
            Assert.True(table.Meta.State != TableState.Unspecified, $"{table.Id} has no state");
            if (table.Meta.State == TableState.Rows)
            {
                Assert.True(table.Meta.Unit != AmountUnit.Unspecified, $"{table.Id} has rows but no unit");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_header_names_the_district_department_year_and_unit(string fixture)
    {
        var h = SeedFiles.Package(fixture).Header;

        Assert.Matches(SixDigits(), h.DistrictCode);
        Assert.Matches(Digits(), h.DepartmentCode);
        Assert.Matches(Digits(), h.UnitCode);
        Assert.NotEqual(UnitKind.Unspecified, h.UnitKind);
        Assert.InRange(h.BudgetYear, 2000, 2100);
        Assert.NotEqual(AmountUnit.Unspecified, h.AmountUnit);
        Assert.False(string.IsNullOrWhiteSpace(h.DepartmentName));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_amount_is_a_plain_decimal_string_or_a_printed_non_number(string fixture)
    {
        // Amounts are decimal strings without thousands separators; anything else must not look like a formatted number.
        var json = SeedFiles.ReadFixtureJson(fixture);

        Assert.DoesNotMatch(SeparatedNumber(), json);
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"""-?\d{1,3}(,\d{3})+(\.\d+)?""")]
    private static partial Regex SeparatedNumber();
}
