using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BudgetMesh.Intake.Keys;

/// <summary>
/// The admin key a fresh installation starts with, so `make run` and tests can create the other keys.
/// The configured text is the complete key; only its hash reaches the database.
/// </summary>
internal sealed record BootstrapAdminKey(ParsedKey? Key)
{
    public const string Variable = "BUDGETMESH_BOOTSTRAP_ADMIN_KEY";

    public static BootstrapAdminKey From(IConfiguration configuration)
    {
        var text = configuration[Variable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new BootstrapAdminKey((ParsedKey?)null);
        }

        // The message never repeats the value: it is a secret even when malformed.
        return ApiKeys.TryParse(text.Trim(), out var key)
            ? new BootstrapAdminKey(key)
            : throw new InvalidOperationException($"{Variable} must be a key of the form bm_<id>_<secret> (id: letters and digits; secret: at least 16 base64url characters).");
    }
}

/// <summary>Ensures the bootstrap admin key at start-up (after the migrations, which are registered first).</summary>
internal sealed class BootstrapAdminKeyService(BootstrapAdminKey bootstrap, KeyStore keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        bootstrap.Key is { } key ? keys.EnsureAdminAsync(key, cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
