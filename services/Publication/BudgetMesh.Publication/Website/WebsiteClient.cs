using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BudgetMesh.Publication.Rendering;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace BudgetMesh.Publication.Website;

/// <summary>The website refused a write for a reason a retry will not fix (credentials, configuration).</summary>
internal sealed class WebsiteRejectedException(string message) : Exception(message);

/// <summary>
/// Writes files to the website's WebDAV location (PUT, DELETE) with basic auth. One Polly pipeline for every call:
/// a timeout per attempt, jittered exponential retries of network errors, 5xx, 408 and 429, and a circuit breaker
/// that fails fast while the website is down so a backlog does not hammer it. PUT and DELETE are idempotent, so a
/// retried call cannot do anything twice.
/// </summary>
internal sealed class WebsiteClient
{
    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebsiteClient(HttpClient http, PublicationSettings settings)
    {
        _http = http;
        _root = settings.WebsiteUrl;
        if (settings.WebsiteUser is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.WebsiteUser}:{settings.WebsitePassword}")));
        }

        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(2),
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();
    }

    public Task PutAsync(SiteFile file, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, file.Path, () =>
        {
            var content = new ByteArrayContent(file.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            return content;
        }, cancellationToken);

    /// <summary>Removes a file; one that is already gone counts as removed.</summary>
    public Task DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    private async Task SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var uri = new Uri(_root, path.TrimStart('/'));
        using var response = await _pipeline.ExecuteAsync(
            async token =>
            {
                using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
                return await _http.SendAsync(request, token);
            },
            cancellationToken);
        if (response.IsSuccessStatusCode || (method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
        {
            return;
        }

        var message = $"{method} {path}: 网站返回 {(int)response.StatusCode} {response.ReasonPhrase}";
        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException(message, null, response.StatusCode);
        }

        throw new WebsiteRejectedException(message);
    }
}
