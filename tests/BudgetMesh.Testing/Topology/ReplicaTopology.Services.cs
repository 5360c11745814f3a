using System.Globalization;
using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Testing.Topology;

public sealed partial class ReplicaTopology
{
    /// <summary>Starts a replica again after a kill or a stop and waits until it serves (the console: until it is ready).</summary>
    public Task StartReplicaAsync(ServiceProcess replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        replica.Start();
        return WaitUntilUpAsync(replica);
    }

    private static Task WaitUntilUpAsync(ServiceProcess replica) =>
        replica.Name.StartsWith("Console", StringComparison.Ordinal)
            ? replica.WaitUntilReadyAsync(StartPatience, http2: false)
            : replica.WaitUntilServingAsync(StartPatience);

    private async Task StartServicesAsync()
    {
        var unknown = _options.Services.Except(ServiceBinaries.Services, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0 || !_options.Services.Contains("Intake"))
        {
            throw new ArgumentException($"TopologyOptions.Services must name Intake and known services only (unknown: {string.Join(", ", unknown)}).");
        }

        var services = ServiceBinaries.Services.Where(_options.Services.Contains);
        // Every port is known before anything starts: each replica is told all of its peers' replicas.
        foreach (var service in services)
        {
            _ports[service] = [.. Enumerable.Range(0, _options.ReplicasFor(service)).Select(_ => ServiceProcess.FreePort())];
        }

        // The first Intake migrates the schema and creates the admin key alone; the second finds both done.
        await StartAllAsync("Intake");
        await CreateKeysAsync();
        await Task.WhenAll(StartAllAsync("Classification"), StartAllAsync("ThreePublicExpenses"), StartAllAsync("PerformanceTargets"));
        await Task.WhenAll(StartAllAsync("Reconciler"), StartAllAsync("Publication"));
        await StartAllAsync("Console");
    }

    /// <summary>One replica after the other: two cores, and the migrations of a service's schema run once, under their lock.</summary>
    private async Task StartAllAsync(string service)
    {
        if (!_ports.ContainsKey(service))
        {
            return;
        }

        // Created now: the keys its settings name exist by the time a service's turn comes.
        _replicas[service] = [.. _ports[service].Select((port, i) => Add(service, i + 1, port))];
        foreach (var replica in _replicas[service])
        {
            await StartReplicaAsync(replica);
        }
    }

    private ServiceProcess Add(string service, int index, int port)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BUDGETMESH_POSTGRES"] = ConnectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            // Two shared cores: workstation GC keeps fourteen processes' memory in check.
            ["DOTNET_gcServer"] = "0",
        };
        if (service != "Console")
        {
            environment["BUDGETMESH_RABBITMQ"] = BrokerSetting;
        }

        foreach (var (key, value) in Settings(service))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in _options.Environment)
        {
            environment[key] = value;
        }

        var name = $"{service}-{index.ToString(CultureInfo.InvariantCulture)}";
        return new ServiceProcess(name, ServiceBinaries.Dll(service), port, environment, Path.Combine(LogDirectory, name + ".log"));
    }

    /// <summary>A service's own settings: its peers' replicas and the keys it calls them with.</summary>
    private Dictionary<string, string> Settings(string service) => service switch
    {
        "Intake" => new() { ["BUDGETMESH_BOOTSTRAP_ADMIN_KEY"] = AdminKey },
        "Classification" or "ThreePublicExpenses" or "PerformanceTargets" => new() { ["BUDGETMESH_INTAKE_URL"] = PeerSetting("Intake") },
        "Reconciler" => new()
        {
            ["BUDGETMESH_INTAKE_URL"] = PeerSetting("Intake"),
            ["BUDGETMESH_CLASSIFICATION_URL"] = PeerSetting("Classification"),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = PeerSetting("ThreePublicExpenses"),
            ["BUDGETMESH_PERFORMANCE_URL"] = PeerSetting("PerformanceTargets"),
            ["BUDGETMESH_RECONCILER_KEY"] = ReconcilerKey,
            // A restarted peer is noticed within a second instead of after a minute's back-off.
            ["BUDGETMESH_RECONCILER_RETRY_LIMIT"] = "200",
            ["BUDGETMESH_RECONCILER_RETRY_MAX_INTERVAL_MS"] = "500",
        },
        "Publication" => new()
        {
            ["BUDGETMESH_INTAKE_URL"] = PeerSetting("Intake"),
            ["BUDGETMESH_RECONCILER_URL"] = PeerSetting("Reconciler"),
            ["BUDGETMESH_PUBLICATION_KEY"] = PublicationKey,
            ["BUDGETMESH_WEBSITE_URL"] = Website.WriteUrl.ToString(),
            ["BUDGETMESH_WEBSITE_USER"] = Website.Username,
            ["BUDGETMESH_WEBSITE_PASSWORD"] = Website.Password,
            ["BUDGETMESH_PUBLICATION_MAX_RETRY_SECONDS"] = "2",
        },
        "Console" => new()
        {
            ["BUDGETMESH_INTAKE_URL"] = PeerSetting("Intake"),
            ["BUDGETMESH_RECONCILER_URL"] = PeerSetting("Reconciler"),
            ["BUDGETMESH_PUBLICATION_URL"] = PeerSetting("Publication"),
            ["BUDGETMESH_THREE_PUBLIC_URL"] = PeerSetting("ThreePublicExpenses"),
            ["BUDGETMESH_WEBSITE_URL"] = Website.BaseUrl.ToString(),
            ["BUDGETMESH_CONSOLE_KEYS_DIR"] = ConsoleKeysDirectory,
        },
        _ => throw new ArgumentException($"No settings for '{service}'.", nameof(service)),
    };
}
