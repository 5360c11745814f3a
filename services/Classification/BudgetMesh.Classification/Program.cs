using BudgetMesh.Classification;

await ClassificationApp.Build(args).RunAsync();
