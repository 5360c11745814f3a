using BudgetMesh.Intake;

await IntakeApp.Build(args).RunAsync();
