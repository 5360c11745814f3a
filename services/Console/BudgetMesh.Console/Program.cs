using BudgetMesh.Console;

await ConsoleApp.Build(args).RunAsync();
