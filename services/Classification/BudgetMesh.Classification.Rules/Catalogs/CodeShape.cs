using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>What the digits of a code say on their own: scheme by first digit, level by length, parent by prefix.</summary>
internal static class CodeShape
{
    public static readonly Scheme[] Schemes = [Scheme.Function, Scheme.DepartmentEconomic, Scheme.GovernmentEconomic];

    public static Scheme? SchemeOf(string code) => code.Length == 0 ? null : code[0] switch
    {
        '2' => Scheme.Function,
        '3' => Scheme.DepartmentEconomic,
        '5' => Scheme.GovernmentEconomic,
        _ => null,
    };

    /// <summary>1, 2 or 3 for 类/款/项; null when the length is not a level of the scheme.</summary>
    public static int? LevelOf(Scheme scheme, int length) => (scheme, length) switch
    {
        (_, 3) => 1,
        (_, 5) => 2,
        (Scheme.Function, 7) => 3,
        _ => null,
    };

    public static string ParentOf(string code) => code.Length <= 3 ? string.Empty : code[..^2];

    public static bool IsDigits(string code)
    {
        foreach (var c in code)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return code.Length > 0;
    }

    /// <summary>The spelling files, the database and the CLI use.</summary>
    public static string NameOf(Scheme scheme) => scheme switch
    {
        Scheme.Function => "function",
        Scheme.DepartmentEconomic => "department-economic",
        Scheme.GovernmentEconomic => "government-economic",
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, null),
    };

    public static Scheme? Parse(string name) => name switch
    {
        "function" => Scheme.Function,
        "department-economic" => Scheme.DepartmentEconomic,
        "government-economic" => Scheme.GovernmentEconomic,
        _ => null,
    };

    public static string ChineseName(Scheme scheme) => scheme switch
    {
        Scheme.Function => "支出功能分类",
        Scheme.DepartmentEconomic => "部门预算支出经济分类",
        Scheme.GovernmentEconomic => "政府预算支出经济分类",
        _ => "未指定分类",
    };

    public static string LevelName(Scheme scheme, int level) => level switch
    {
        1 => "类",
        2 => "款",
        3 when scheme == Scheme.Function => "项",
        _ => "层级",
    };
}
