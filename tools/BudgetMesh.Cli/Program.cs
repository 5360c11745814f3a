using BudgetMesh.Cli;

return await BudgetMeshCli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
