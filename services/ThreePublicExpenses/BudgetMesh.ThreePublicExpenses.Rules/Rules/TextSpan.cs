namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>A span of the narrative in UTF-16 code units, as the 三公 readers find statements.</summary>
internal readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}
