using BudgetMesh.PerformanceTargets;

await PerformanceTargetsApp.Build(args).RunAsync();
