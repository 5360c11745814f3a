using System.Globalization;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>Formatting shared by the narrative rules.</summary>
internal static class Format
{
    /// <summary>A decimal with at least 2 decimals, as tables print amounts.</summary>
    public static string Amount(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>A percentage with up to 2 decimals.</summary>
    public static string Percent(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A tolerance as findings state it: up to 4 decimals, no trailing zeros.</summary>
    public static string Tolerance(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The narrative location of a sentence.</summary>
    public static Location At(Sentence sentence) => new()
    {
        Table = TableKey.Nar,
        RowIndex = -1,
        Span = new TextSpan { Start = sentence.Start, Length = sentence.Length },
    };

    /// <summary>The sentence as a message quotes it (normalised, shortened).</summary>
    public static string Quote(Sentence sentence) =>
        "「" + (sentence.Norm.Length > 60 ? sentence.Norm[..60] + "…" : sentence.Norm) + "」";
}
