using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.RuleCatalog;

/// <summary>One rule as the catalog describes it (rules.json).</summary>
internal sealed record CatalogRule(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("tables")] IReadOnlyList<string> Tables,
    [property: JsonPropertyName("basis")] string Basis,
    [property: JsonPropertyName("message")] string Message)
{
    public Severity DefaultSeverity => Severity switch
    {
        "error" => Contracts.Report.V1.Severity.Error,
        "warning" => Contracts.Report.V1.Severity.Warning,
        "info" => Contracts.Report.V1.Severity.Info,
        _ => Contracts.Report.V1.Severity.Unspecified,
    };
}

/// <summary>
/// The rule catalog: data kept in the repository (RuleCatalog/rules.json, embedded). Its version is the
/// edition the file declares plus a hash of the file's bytes, so any edit yields a new version and a report
/// always names the exact catalog that judged it.
/// </summary>
internal sealed class RuleCatalog
{
    private readonly Dictionary<string, int> _order;

    private RuleCatalog(string edition, IReadOnlyList<CatalogRule> rules, byte[] content)
    {
        Rules = rules;
        Version = $"{edition}+{Convert.ToHexStringLower(SHA256.HashData(content))[..12]}";
        _order = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(x => x.Id, x => x.index, StringComparer.Ordinal);
    }

    public string Version { get; }

    public IReadOnlyList<CatalogRule> Rules { get; }

    public static RuleCatalog Embedded { get; } = Load();

    public bool Contains(string ruleId) => _order.ContainsKey(ruleId);

    public CatalogRule? Find(string ruleId) => _order.TryGetValue(ruleId, out var index) ? Rules[index] : null;

    /// <summary>Position in catalog order; unknown ids sort last (a test keeps there from being any).</summary>
    public int OrderOf(string ruleId) => _order.TryGetValue(ruleId, out var index) ? index : int.MaxValue;

    public static RuleCatalog Parse(byte[] content)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(content) ?? throw new InvalidDataException("rules.json is empty.");
        var duplicates = file.Rules.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"rules.json lists these ids twice: {string.Join(", ", duplicates)}.");
        }

        return new RuleCatalog(file.Edition, file.Rules, content);
    }

    private static RuleCatalog Load()
    {
        using var stream = typeof(RuleCatalog).Assembly.GetManifestResourceStream("BudgetMesh.Reconciler.RuleCatalog.rules.json")
            ?? throw new InvalidOperationException("The embedded rule catalog is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }

    private sealed record CatalogFile(
        [property: JsonPropertyName("edition")] string Edition,
        [property: JsonPropertyName("rules")] IReadOnlyList<CatalogRule> Rules);
}
