using BudgetMesh.Publication;

await PublicationApp.Build(args).RunAsync();
