using System.Collections;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Contracts.Budget;

/// <summary>One structural problem: the path of the field in proto field names (machine-readable), and what is wrong in Chinese.</summary>
/// <param name="Field">The field's path, e.g. <c>package.header.unit_code</c>.</param>
/// <param name="Description">The reason, in Chinese (what operators and the CLI show, beside <see cref="FieldLabels"/>).</param>
public sealed record FieldViolation(string Field, string Description)
{
    /// <summary>What operators and the CLI show: the reason (Chinese only since services stopped adding an English half).</summary>
    public string Chinese => Description;
}

/// <summary>
/// Structure only: whether a package can be stored and judged, never whether its numbers are right.
/// A printed cell that is not a number (".", "XX") is kept for the reconciler to name; only what cannot be a
/// printed cell at all (control characters, absurd lengths) is refused here.
/// The one structural validator: Intake refuses a submission with it, and `budgetmesh import` runs it on what it
/// read, so a package Intake would refuse is reported at import with Intake's own reasons.
/// </summary>
public static class PackageValidator
{
    private const string Root = "package";

    /// <summary>Every structural problem of <paramref name="package"/>; empty when Intake accepts it.</summary>
    public static IReadOnlyList<FieldViolation> Validate(BudgetPackage? package, PackageLimits limits)
    {
        var violations = new List<FieldViolation>();
        if (package is null)
        {
            violations.Add(new(Root, "缺少预算公开包"));
            return violations;
        }

        ValidateHeader(package.Header, violations);
        if (package.Narrative is { } narrative && narrative.Text.Length > limits.MaxNarrativeChars)
        {
            violations.Add(new($"{Root}.narrative.text", $"情况说明超过{limits.MaxNarrativeChars}个字符"));
        }

        if (package.Tables is { } tables)
        {
            ValidateTables(tables, violations);
        }

        WalkFields(package, new FieldPath(), limits, violations);
        return violations;
    }

    private static void ValidateHeader(PackageHeader? header, List<FieldViolation> violations)
    {
        const string path = Root + ".header";
        if (header is null)
        {
            violations.Add(new(path, "缺少包头"));
            return;
        }

        if (header.DistrictCode.Length != 6 || !IsDigits(header.DistrictCode))
        {
            violations.Add(new($"{path}.district_code", "区划代码必须为6位数字"));
        }

        // Many districts (all of Shanghai's) print no department or unit code: the printed name then identifies the
        // submission (Intake's submission key). A code that is there must be digits; a name is always required, so a
        // package with neither is refused on the name.
        CodeOrName(header.DepartmentCode, header.DepartmentName, $"{path}.department", "部门", "department", violations);
        CodeOrName(header.UnitCode, header.UnitName, $"{path}.unit", "单位", "unit", violations);

        if (header.BudgetYear is < 2000 or > 2100)
        {
            violations.Add(new($"{path}.budget_year", "预算年度必须在2000至2100之间"));
        }

        if (header.UnitKind == UnitKind.Unspecified)
        {
            violations.Add(new($"{path}.unit_kind", "必须注明单位类型（行政/参公/事业/部门汇总）"));
        }

        if (header.AmountUnit == AmountUnit.Unspecified)
        {
            violations.Add(new($"{path}.amount_unit", "必须注明金额单位（元或万元）"));
        }
    }

    private static void ValidateTables(AnnexTables tables, List<FieldViolation> violations)
    {
        const string path = Root + ".tables";
        if (tables.Cz is { } cz)
        {
            ValidateMeta(cz.Meta, $"{path}.cz", cz.ExpenditureByFunction.Count, violations);
            for (var i = 0; i < cz.ExpenditureByFunction.Count; i++)
            {
                OptionalCode(cz.ExpenditureByFunction[i].Code, new RowPath($"{path}.cz.expenditure_by_function", i, ".code"), violations);
            }
        }

        FunctionTable(tables.Gf, "gf");
        FunctionTable(tables.Jj, "jj");
        FunctionTable(tables.Gz, "gz");
        FunctionTable(tables.Zc, "zc");

        if (tables.Jb is { } jb)
        {
            ValidateMeta(jb.Meta, $"{path}.jb", jb.Rows.Count, violations);
            for (var i = 0; i < jb.Rows.Count; i++)
            {
                RequiredCode(jb.Rows[i].Code, new RowPath($"{path}.jb.rows", i, ".code"), violations);
            }
        }

        EconomicTable(tables.Jbg, "jbg");
        EconomicTable(tables.Xmj, "xmj");
        EconomicTable(tables.Xmg, "xmg");

        if (tables.Sg is { } sg)
        {
            ValidateMeta(sg.Meta, $"{path}.sg", HasAnyFigure(sg.CurrentYear) || HasAnyFigure(sg.PriorYear) ? 1 : 0, violations);
        }

        if (tables.Sz is { } sz)
        {
            ValidateMeta(sz.Meta, $"{path}.sz", sz.Income.Count + sz.Expenditure.Count, violations);
            for (var i = 0; i < sz.Expenditure.Count; i++)
            {
                OptionalCode(sz.Expenditure[i].Code, new RowPath($"{path}.sz.expenditure", i, ".code"), violations);
            }
        }

        if (tables.Sr is { } sr)
        {
            ValidateMeta(sr.Meta, $"{path}.sr", sr.Rows.Count, violations);
            for (var i = 0; i < sr.Rows.Count; i++)
            {
                RequiredCode(sr.Rows[i].Code, new RowPath($"{path}.sr.rows", i, ".code"), violations);
            }
        }

        if (tables.Xm is { } xm)
        {
            ValidateMeta(xm.Meta, $"{path}.xm", xm.Rows.Count, violations);
            for (var i = 0; i < xm.Rows.Count; i++)
            {
                OptionalCode(xm.Rows[i].FunctionCode, new RowPath($"{path}.xm.rows", i, ".function_code"), violations);
            }
        }

        if (tables.Cg is { } cg)
        {
            ValidateMeta(cg.Meta, $"{path}.cg", cg.Rows.Count, violations);
            for (var i = 0; i < cg.Rows.Count; i++)
            {
                OptionalCode(cg.Rows[i].FunctionCode, new RowPath($"{path}.cg.rows", i, ".function_code"), violations);
                OptionalCode(cg.Rows[i].GovEconomicCode, new RowPath($"{path}.cg.rows", i, ".gov_economic_code"), violations);
                OptionalCode(cg.Rows[i].DeptEconomicCode, new RowPath($"{path}.cg.rows", i, ".dept_economic_code"), violations);
            }
        }

        if (tables.Zt is { } zt)
        {
            ValidateMeta(zt.Meta, $"{path}.zt", zt.Indicators.Count, violations);
        }

        for (var i = 0; i < tables.Xj.Count; i++)
        {
            ValidateMeta(tables.Xj[i].Meta, $"{path}.xj[{i}]", tables.Xj[i].Indicators.Count, violations);
        }

        void FunctionTable(FunctionExpenditureTable? table, string key)
        {
            if (table is null)
            {
                return;
            }

            ValidateMeta(table.Meta, $"{path}.{key}", table.Rows.Count, violations);
            for (var i = 0; i < table.Rows.Count; i++)
            {
                RequiredCode(table.Rows[i].Code, new RowPath($"{path}.{key}.rows", i, ".code"), violations);
            }
        }

        void EconomicTable(EconomicAmountTable? table, string key)
        {
            if (table is null)
            {
                return;
            }

            ValidateMeta(table.Meta, $"{path}.{key}", table.Rows.Count, violations);
            for (var i = 0; i < table.Rows.Count; i++)
            {
                RequiredCode(table.Rows[i].Code, new RowPath($"{path}.{key}.rows", i, ".code"), violations);
            }
        }
    }

    private static void ValidateMeta(TableMeta? meta, string tablePath, int rows, List<FieldViolation> violations)
    {
        if (meta is null)
        {
            violations.Add(new($"{tablePath}.meta", "表格缺少表头信息（单位、状态）"));
            return;
        }

        switch (meta.State)
        {
            case TableState.Unspecified:
                violations.Add(new($"{tablePath}.meta.state", "必须说明表格有数据或为空表"));
                break;
            case TableState.Rows when rows == 0:
                violations.Add(new($"{tablePath}.meta.state", "表格声明有数据但没有数据行"));
                break;
            case TableState.DeclaredEmpty when rows > 0:
                violations.Add(new($"{tablePath}.meta.state", "表格声明为空表但含有数据行"));
                break;
        }

        if (rows > 0 && meta.Unit == AmountUnit.Unspecified)
        {
            violations.Add(new($"{tablePath}.meta.unit", "有数据的表格必须注明金额单位（元或万元）"));
        }
    }

    private static void RequiredCode(string code, RowPath path, List<FieldViolation> violations)
    {
        if (code.Length == 0)
        {
            violations.Add(new(path.ToString(), "科目编码不能为空"));
            return;
        }

        OptionalCode(code, path, violations);
    }

    /// <summary>
    /// A printed code is digits. Its level (类/款/项: 3/5/7 digits) is not structure but a finding: a document that
    /// prints "301 2" (3012) is imported as printed and Classification's C3-LEVEL names it.
    /// </summary>
    private static void OptionalCode(string code, RowPath path, List<FieldViolation> violations)
    {
        if (code.Length == 0)
        {
            return;
        }

        if (!IsDigits(code))
        {
            violations.Add(new(path.ToString(), "代码必须为数字"));
        }
    }

    /// <summary>A row's code field, formatted only for a violation.</summary>
    private readonly record struct RowPath(string Rows, int Index, string Field)
    {
        public override string ToString() => $"{Rows}[{Index}]{Field}";
    }

    /// <summary>
    /// Every field of the package, by reflection, so that no table escapes the generic rules: text is text,
    /// amounts are printable cells of sane length, enums are known values, repeated fields within limits.
    /// In package.proto every proto3 `optional string` is an amount cell. The path of a field is kept as a stack of
    /// segments and written out only for a violation: formatting it for each of a package's thousands of fields
    /// was most of the cost of validating.
    /// </summary>
    private static void WalkFields(IMessage message, FieldPath path, PackageLimits limits, List<FieldViolation> violations)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                if (list.Count > limits.MaxRowsPerTable)
                {
                    path.Push(field.Name, -1);
                    violations.Add(new(path.ToString(), $"超过{limits.MaxRowsPerTable}行的上限"));
                    path.Pop();
                    continue;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    path.Push(field.Name, i);
                    CheckValue(field, list[i], path, limits, violations);
                    path.Pop();
                }
            }
            else if (!field.HasPresence || field.Accessor.HasValue(message))
            {
                path.Push(field.Name, -1);
                CheckValue(field, field.Accessor.GetValue(message), path, limits, violations);
                path.Pop();
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, object? value, FieldPath path, PackageLimits limits, List<FieldViolation> violations)
    {
        switch (field.FieldType)
        {
            case FieldType.Message when value is IMessage child:
                WalkFields(child, path, limits, violations);
                break;
            case FieldType.Enum when value is not null && field.EnumType.FindValueByNumber(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)) is null:
                violations.Add(new(path.ToString(), "未知的枚举值"));
                break;
            case FieldType.String when value is string text && field.HasPresence && !field.IsRepeated:
                CheckAmount(text, path, limits, violations);
                break;
            case FieldType.String when value is string text:
                if (HasControlCharacter(text, allowLineBreaks: true))
                {
                    violations.Add(new(path.ToString(), "文本含有控制字符"));
                }
                else if (text.Length > limits.MaxTextChars && !path.IsNarrativeText)
                {
                    violations.Add(new(path.ToString(), $"文本超过{limits.MaxTextChars}个字符"));
                }

                break;
        }
    }

    /// <summary>The path of the field being checked, below <see cref="Root"/>: `package.tables.gf.rows[3].total`.</summary>
    private sealed class FieldPath
    {
        private readonly List<(string Name, int Index)> _segments = [];

        /// <summary>package.narrative.text: its own, larger limit is checked in <see cref="Validate"/>.</summary>
        public bool IsNarrativeText => _segments.Count == 2 && _segments[0] is ("narrative", -1) && _segments[1] is ("text", -1);

        public void Push(string name, int index) => _segments.Add((name, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public override string ToString()
        {
            var text = new System.Text.StringBuilder(Root);
            foreach (var (name, index) in _segments)
            {
                text.Append('.').Append(name);
                if (index >= 0)
                {
                    text.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
                }
            }

            return text.ToString();
        }
    }

    private static void CheckAmount(string cell, FieldPath path, PackageLimits limits, List<FieldViolation> violations)
    {
        if (HasControlCharacter(cell, allowLineBreaks: false))
        {
            violations.Add(new(path.ToString(), "金额单元格含有控制字符"));
        }
        else if (cell.Length > limits.MaxAmountChars)
        {
            violations.Add(new(path.ToString(), $"金额单元格超过{limits.MaxAmountChars}个字符"));
        }
        else if (DigitCountIfNumber(cell) > 18)
        {
            violations.Add(new(path.ToString(), "金额超过18位数字"));
        }
    }

    /// <summary>The digits of a plain decimal ("-1234.56" → 6); 0 for anything else, which the reconciler judges.</summary>
    public static int DigitCountIfNumber(string cell)
    {
        var span = cell.AsSpan();
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            span = span[1..];
        }

        var digits = 0;
        var points = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && points++ == 0)
            {
                continue;
            }
            else
            {
                return 0;
            }
        }

        return digits;
    }

    private static bool HasControlCharacter(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAnyFigure(ThreePublicFigures? figures) =>
        figures is not null && (figures.HasTotal || figures.HasOutboundTravel || figures.HasVehiclesSubtotal
            || figures.HasVehiclePurchase || figures.HasVehicleOperation || figures.HasReception);

    /// <summary>The name is always required; the code only where one is printed, and then it is digits.</summary>
    private static void CodeOrName(string code, string name, string path, string zh, string en, List<FieldViolation> violations)
    {
        if (code.Length > 0 && !IsDigits(code))
        {
            violations.Add(new($"{path}_code", $"{zh}代码必须为数字"));
        }

        RequireText(name, $"{path}_name", $"{zh}名称", $"{en} name", violations);
    }

    private static void RequireText(string value, string path, string zh, string en, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new(path, $"{zh}不能为空"));
        }
    }

    private static bool IsDigits(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExceptInRange('0', '9');
}
