using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Publication.Tests;

/// <summary>The three seed packages (tests/fixtures/seeds).</summary>
internal static class Seeds
{
    /// <summary>重庆市九龙坡区人民政府办公室（本级） 2025.</summary>
    public const string Jiulongpo2025 = "000_ac0739ecedc6f3da";

    /// <summary>重庆市大渡口区人民政府办公室 2025 (JJ declared empty with its explanation, SR without title).</summary>
    public const string Dadukou2025 = "001_a76c5e7673ca46c8";

    /// <summary>重庆市九龙坡区政务服务管理办公室 2023 (ZT and XJ in 元 inside a 万元 package).</summary>
    public const string Zhengwuban2023 = "002_8eae806851c2420e";

    public static readonly string[] All = [Jiulongpo2025, Dadukou2025, Zhengwuban2023];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static BudgetPackage Package(string seed) =>
        Parser.Parse<BudgetPackage>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", seed + ".json")));

    /// <summary>Seed 001 with submitter text that tries to run script in its project names and a CSV formula.</summary>
    public static BudgetPackage Hostile()
    {
        var package = Package(Dadukou2025);
        package.Tables.Xj[0].ProjectName = Attack;
        package.Tables.Xj[1].Manager = "=HYPERLINK(\"http://evil.example\",\"点我\")";
        package.Header.UnitName = "重庆市大渡口区人民政府办公室<script>window.__xss='unit'</script>";
        package.Tables.Xm = new ProjectListTable
        {
            Meta = new TableMeta { PrintedTitle = "2025年项目支出明细表", Unit = AmountUnit.TenThousandYuan, State = TableState.Rows },
            Total = "13.00",
            Rows = { new ProjectRow { Unit = "103001", ProjectCode = "P1", ProjectName = Attack, FunctionCode = "2010301", FunctionName = "行政运行", Amount = "13.00", ProjectKind = "一般性项目" } },
        };
        return package;
    }

    public const string Attack = "督查专项<script>window.__xss='script'</script>\"><img src=x onerror=\"window.__xss='img'\">";
}
