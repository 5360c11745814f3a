using BudgetMesh.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;

namespace BudgetMesh.ServiceDefaults;

/// <summary>
/// What every service reads from its environment. One place, so a deployment manifest and `make run`
/// set the same variable names for every process.
/// </summary>
public sealed record ServiceSettings(string ServiceName, string ServiceVersion, string? Postgres, BrokerAddress? RabbitMq, Uri? OtlpEndpoint)
{
    /// <summary>Npgsql connection string of the service's database.</summary>
    public const string PostgresVariable = "BUDGETMESH_POSTGRES";

    /// <summary>
    /// AMQP URI of the broker, e.g. amqp://guest:guest@127.0.0.1:5672/budgetmesh; for a cluster, every node's URI,
    /// comma-separated (see <see cref="BrokerAddress"/>).
    /// </summary>
    public const string RabbitMqVariable = "BUDGETMESH_RABBITMQ";

    /// <summary>
    /// The standard OpenTelemetry variable; traces, metrics and logs are exported only when it is set (the other OTEL_*
    /// variables, e.g. OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_EXPORTER_OTLP_HEADERS, are read by the exporter itself).
    /// </summary>
    public const string OtlpVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static ServiceSettings From(IConfiguration configuration, string serviceName)
    {
        var version = typeof(ServiceSettings).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new ServiceSettings(
            serviceName,
            configuration["BUDGETMESH_VERSION"] ?? version,
            NullIfEmpty(configuration[PostgresVariable]),
            NullIfEmpty(configuration[RabbitMqVariable]) is { } broker ? BrokerAddress.Parse(broker, RabbitMqVariable) : null,
            ParseUri(configuration, OtlpVariable));
    }

    public string RequirePostgres() =>
        Postgres ?? throw new InvalidOperationException($"{ServiceName}: set {PostgresVariable} to the Npgsql connection string of its database.");

    public BrokerAddress RequireRabbitMq() =>
        RabbitMq ?? throw new InvalidOperationException($"{ServiceName}: set {RabbitMqVariable} to the AMQP URI of the broker.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Uri? ParseUri(IConfiguration configuration, string key)
    {
        var raw = NullIfEmpty(configuration[key]);
        if (raw is null)
        {
            return null;
        }

        return Uri.TryCreate(raw, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{key} is not an absolute URI: '{raw}'.");
    }
}
