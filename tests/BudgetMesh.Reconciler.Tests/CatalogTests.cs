using System.Text.RegularExpressions;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.Reconciler.Rules;

namespace BudgetMesh.Reconciler.Tests;

/// <summary>The rule catalog and the code agree in both directions.</summary>
public sealed partial class CatalogTests
{
    private static readonly RuleCatalog.RuleCatalog Catalog = RuleCatalog.RuleCatalog.Embedded;

    [Fact]
    public void Every_reconciler_rule_in_the_catalog_has_an_implementation_and_every_implementation_an_entry()
    {
        var implemented = ReconcilerRules.All.Select(r => r.Id).Concat(NarrativeChecks.RuleIds).ToHashSet(StringComparer.Ordinal);
        var catalogued = Catalog.Rules.Where(r => r.Owner == "reconciler").Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(implemented.Except(catalogued));
        Assert.Empty(catalogued.Except(implemented));
        Assert.Equal(ReconciliationEngine.InProcessRuleIds.Count, implemented.Count);
    }

    [Fact]
    public void Table_rule_severities_match_the_catalog()
    {
        foreach (var rule in ReconcilerRules.All)
        {
            Assert.Equal(Catalog.Find(rule.Id)!.DefaultSeverity, rule.Severity);
        }
    }

    [Fact]
    public void Every_rule_id_the_rule_services_return_is_in_the_catalog()
    {
        var root = Path.GetFullPath(Path.Combine(Seeds.SourceDirectory, "..", ".."));
        var classification = File.ReadAllText(Path.Combine(root, "services/Classification/BudgetMesh.Classification.Rules/Rules/RuleIds.cs"));
        var performance = File.ReadAllText(Path.Combine(root, "contracts/proto/budgetmesh/performance/v1/performance.proto"));
        var threePublic = string.Concat(Directory.GetFiles(Path.Combine(root, "services/ThreePublicExpenses"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).Select(File.ReadAllText));
        var ids = ServiceRuleId().Matches(classification + threePublic).Select(m => m.Groups[1].Value).Where(id => id != "T6-DISTRICT-VIEW")
            .Concat(PerformanceRuleId().Matches(performance).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("C2-NAME-MISMATCH", ids);
        Assert.Contains("P5-COST", ids);
        foreach (var id in ids)
        {
            Assert.True(Catalog.Contains(id), $"{id} is returned by a service but missing from rules.json");
        }

        Assert.All(Catalog.Rules.Where(r => r.Owner is "classification" or "performance" or "three-public"), r => Assert.Contains(r.Id, ids));
    }

    [Fact]
    public void Every_catalog_entry_is_complete_and_in_chinese()
    {
        Assert.All(Catalog.Rules, rule =>
        {
            Assert.Matches("^[A-Z][0-9]+(-[A-Z0-9]+)+$", rule.Id);
            Assert.Contains(rule.Owner, (string[])["reconciler", "classification", "three-public", "performance"]);
            Assert.Contains(rule.Severity, (string[])["error", "warning", "info"]);
            Assert.Matches("[\u4e00-\u9fff]", rule.Title);
            Assert.NotEmpty(rule.Tables);
            Assert.Matches("[\u4e00-\u9fff]", rule.Basis);
            Assert.NotEmpty(rule.Message);
        });
    }

    [Fact]
    public void The_catalog_version_names_the_edition_and_changes_with_the_content()
    {
        Assert.Matches("^2025\\.1\\+[0-9a-f]{12}$", Catalog.Version);
        var edited = RuleCatalog.RuleCatalog.Parse("""{"edition":"2025.1","rules":[]}"""u8.ToArray());
        Assert.NotEqual(Catalog.Version, edited.Version);
        Assert.StartsWith("2025.1+", edited.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_orders_results_by_the_catalog()
    {
        var report = Golden.GoldenReportTests.Build(Seeds.Jiulongpo2025);
        var order = report.Results.Select(r => Catalog.OrderOf(r.RuleId)).ToList();
        Assert.Equal(order.Order(), order);
        Assert.DoesNotContain(int.MaxValue, order);
    }

    [GeneratedRegex("\"([CTP][0-9]+-[A-Z0-9-]+)\"")]
    private static partial Regex ServiceRuleId();

    [GeneratedRegex("P[0-9]-[A-Z]+(?:-[A-Z]+)?")]
    private static partial Regex PerformanceRuleId();
}
