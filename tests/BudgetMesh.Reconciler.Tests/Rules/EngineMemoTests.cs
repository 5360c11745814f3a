using BudgetMesh.Reconciler.Reconciliation;
using BudgetMesh.Reconciler.Rules;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>The engine parses and walks a package once for all its rules; what each rule finds must not change.</summary>
public sealed class EngineMemoTests
{
    [Fact]
    public void The_engine_gives_the_same_results_as_the_rules_run_one_by_one()
    {
        foreach (var seed in Seeds.All)
        {
            var package = Seeds.Load(seed);
            var alone = ReconcilerRules.All.Select(rule => rule.Run(package)).ToList();
            var inEngine = ReconciliationEngine.RunInProcess(package).Take(alone.Count).ToList();

            Assert.Equal(alone, inEngine);
        }
    }
}
