using BudgetMesh.Reconciler;

await ReconcilerApp.Build(args).RunAsync();
