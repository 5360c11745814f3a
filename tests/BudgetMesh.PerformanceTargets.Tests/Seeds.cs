using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.PerformanceTargets.Checking;
using BudgetMesh.PerformanceTargets.Indicators;
using Google.Protobuf;

namespace BudgetMesh.PerformanceTargets.Tests;

/// <summary>The seed packages as the reconciler would send them: ZT, XJ, XM, GF's project total, the narrative.</summary>
internal static class Seeds
{
    public const string Zero = "000_ac0739ecedc6f3da";
    public const string One = "001_a76c5e7673ca46c8";
    public const string Two = "002_8eae806851c2420e";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static BudgetPackage Package(string seed) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", seed + ".json")));

    /// <summary>A fresh request for one seed; tests change one cell of it to build a failing case.</summary>
    public static CheckTargetsRequest Request(string seed) => Request(Package(seed));

    /// <summary>The request for any package (a corpus document), as the reconciler builds it.</summary>
    public static CheckTargetsRequest Request(BudgetPackage package)
    {
        var tables = package.Tables;
        var request = new CheckTargetsRequest
        {
            BudgetYear = package.Header.BudgetYear,
            DistrictCode = package.Header.DistrictCode,
            PackageUnit = package.Header.AmountUnit,
            Overall = tables.Zt,
            ProjectList = tables.Xm,
            ProjectExpenditureTotal = tables.Gf?.TotalRow?.Project ?? string.Empty,
            Narrative = package.Narrative,
        };
        request.Projects.AddRange(tables.Xj);
        return request;
    }

    public static TargetsInput Input(string seed) => RequestMapping.ToInput(Request(seed));

    /// <summary>A minimal three-level XJ table in 万元 whose weights add up to 100 (90 + 10).</summary>
    public static ProjectTargetTable Project(string code = "P001", string name = "示例项目", string funds = "20.00")
    {
        var table = new ProjectTargetTable
        {
            Meta = new TableMeta { Unit = AmountUnit.TenThousandYuan, State = TableState.Rows },
            ProjectCode = code,
            ProjectName = name,
            ExecutionRateWeight = "10",
            FundsTotal = funds,
            FundsFiscal = funds,
            GoalText = "完成年度工作任务。",
        };
        table.Indicators.Add(Row("产出指标", "数量指标", "培训人次", "≥", "200", "人次", "30"));
        table.Indicators.Add(Row("", "质量指标", "培训合格率", "≥", "95", "%", "20"));
        table.Indicators.Add(Row("效益指标", "社会效益指标", "群众办事时间缩短", "定性", "明显缩短", "", "20"));
        table.Indicators.Add(Row("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥", "90", "%", "20"));
        return table;
    }

    public static Indicator Row(string level1, string level2, string level3, string op, string value, string unit, string? weight)
    {
        var row = new Indicator { Level1 = level1, Level2 = level2, Level3 = level3, Operator = op, TargetValue = value, Unit = unit };
        if (weight is not null)
        {
            row.Weight = weight;
        }

        return row;
    }

    public static TargetsInput Input(CheckTargetsRequest request) => RequestMapping.ToInput(request);
}
