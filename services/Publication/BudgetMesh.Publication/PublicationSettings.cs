using Microsoft.Extensions.Configuration;

namespace BudgetMesh.Publication;

/// <summary>What the publication service reads from its environment, besides the shared service settings.</summary>
internal sealed record PublicationSettings(string? OperatorKey, Uri WebsiteUrl, string? WebsiteUser, string? WebsitePassword, TimeSpan MaxRetryDelay, TimeSpan PollInterval)
{
    /// <summary>An Intake operator key (`bm_…`) the consumer uses to fetch approved revisions.</summary>
    public const string KeyVariable = "BUDGETMESH_PUBLICATION_KEY";

    /// <summary>The website's WebDAV write location, e.g. http://127.0.0.1:8080/dav/ (files go below it).</summary>
    public const string WebsiteUrlVariable = "BUDGETMESH_WEBSITE_URL";

    /// <summary>Basic-auth user of the write location.</summary>
    public const string WebsiteUserVariable = "BUDGETMESH_WEBSITE_USER";

    /// <summary>Basic-auth password of the write location.</summary>
    public const string WebsitePasswordVariable = "BUDGETMESH_WEBSITE_PASSWORD";

    /// <summary>Longest wait between two pushes of a pending publication while the website is down (seconds).</summary>
    public const string MaxRetryDelayVariable = "BUDGETMESH_PUBLICATION_MAX_RETRY_SECONDS";

    public static PublicationSettings From(IConfiguration configuration)
    {
        var url = configuration[WebsiteUrlVariable] is { Length: > 0 } raw ? raw : "http://127.0.0.1:8080/dav/";
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var website))
        {
            throw new InvalidOperationException($"{WebsiteUrlVariable} is not an absolute URL: '{url}'.");
        }

        var maxDelay = double.TryParse(configuration[MaxRetryDelayVariable], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 60;
        return new PublicationSettings(
            Blank(configuration[KeyVariable]),
            website,
            Blank(configuration[WebsiteUserVariable]),
            Blank(configuration[WebsitePasswordVariable]),
            TimeSpan.FromSeconds(maxDelay),
            TimeSpan.FromSeconds(1));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
