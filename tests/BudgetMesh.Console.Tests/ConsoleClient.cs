using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace BudgetMesh.Console.Tests;

/// <summary>A browser-like HTTP/1.1 client: keeps cookies, does not follow redirects, reads forms' CSRF tokens.</summary>
internal sealed class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;

    public ConsoleClient(Uri address)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<IHtmlDocument> PageAsync(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>Posts a form with the CSRF token the page at <paramref name="tokenFrom"/> carries.</summary>
    public async Task<HttpResponseMessage> PostWithTokenAsync(string tokenFrom, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await PageAsync(tokenFrom);
        var token = page.QuerySelector("input[name=__csrf]")?.GetAttribute("value") ?? throw new InvalidOperationException("No CSRF token on " + tokenFrom);
        return await PostAsync(path, [.. fields, new("__csrf", token)]);
    }

    public async Task SignInAsync(string key)
    {
        var response = await PostWithTokenAsync("/signin", "/signin", [new("key", key)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
