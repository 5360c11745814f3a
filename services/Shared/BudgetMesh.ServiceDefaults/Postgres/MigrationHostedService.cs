using Microsoft.Extensions.Hosting;

namespace BudgetMesh.ServiceDefaults.Postgres;

/// <summary>
/// Runs the migrations before anything else starts: hosted services start in registration order, and
/// AddServiceDatabase registers this one ahead of the bus and the relay.
/// </summary>
internal sealed class MigrationHostedService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
