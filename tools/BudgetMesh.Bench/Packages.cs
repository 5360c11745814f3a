using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Bench;

/// <summary>
/// The seed packages (tests/fixtures/seeds) and endless variations of them: every variant is a new department of
/// its district (so each submission is new content and a new submission, not a revision queued behind another),
/// and two in three carry an injected mistake: a GF row amount off by a few 分 (a broken sum the reconciler finds)
/// or a GF row printed under the wrong name (a code/name mismatch Classification finds).
/// </summary>
internal sealed class Packages
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    private Packages(IReadOnlyList<BudgetPackage> seeds, string run)
    {
        Seeds = seeds;
        _run = run;
    }

    private readonly string _run;

    public IReadOnlyList<BudgetPackage> Seeds { get; }

    public IReadOnlyList<string> Districts => [.. Seeds.Select(s => s.Header.DistrictCode).Distinct(StringComparer.Ordinal)];

    /// <summary><paramref name="run"/> (digits) keeps department codes of separate phases on one database apart.</summary>
    public static Packages Load(string run)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "seeds");
        var seeds = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
            .Select(f => Parser.Parse<BudgetPackage>(File.ReadAllText(f)))
            .ToList();
        return new Packages(seeds, run);
    }

    public BudgetPackage Variant(int index)
    {
        var package = Seeds[index % Seeds.Count].Clone();
        var header = package.Header;
        header.DepartmentCode = $"9{_run}{index:D7}";
        header.UnitCode = header.DepartmentCode + "001";
        header.DepartmentName = $"{header.DepartmentName}（压测{index}）";
        var rows = package.Tables?.Gf?.Rows;
        switch (index % 3)
        {
            case 1 when rows is { Count: > 0 }:
                var row = rows[index % rows.Count];
                if (BudgetMesh.Contracts.Budget.WireAmount.TryParse(row.Total, out var total))
                {
                    row.Total = (total + ((index % 9) + 1) / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                }

                break;
            case 2 when rows is { Count: > 1 }:
                rows[index % rows.Count].Name = rows[(index + 1) % rows.Count].Name;
                break;
        }

        return package;
    }
}
