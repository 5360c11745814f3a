using BudgetMesh.ThreePublicExpenses;

await ThreePublicExpensesApp.Build(args).RunAsync();
