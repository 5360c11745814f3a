namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>The stable ids of the 三公 rules (rules.md T1–T6). Never renumber: reports store them.</summary>
internal static class RuleIds
{
    /// <summary>T1: 合计 = 出国 + 公务用车 + 接待; 公务用车小计 = 购置 + 运行.</summary>
    public const string TableSums = "T1-SG-SUM";

    /// <summary>T2: each 三公 item ≥ its JB economic line.</summary>
    public const string BasicExpenditure = "T2-SG-JB";

    /// <summary>T3: the narrative states the total and every item, each equal to the table.</summary>
    public const string NarrativeStatesTable = "T3-NAR-SG";

    /// <summary>T4: year-on-year changes, direction words and reasons.</summary>
    public const string YearOnYear = "T4-NAR-YOY";

    /// <summary>T5: vehicle costs against the vehicles held and bought.</summary>
    public const string Vehicles = "T5-SG-VEHICLES";

    /// <summary>T6: the district view of counted figures (not a check; it answers GetDistrictView).</summary>
    public const string DistrictView = "T6-DISTRICT-VIEW";

    /// <summary>The rules CheckThreePublic runs, in order.</summary>
    public static readonly string[] Checked = [TableSums, BasicExpenditure, NarrativeStatesTable, YearOnYear, Vehicles];
}
