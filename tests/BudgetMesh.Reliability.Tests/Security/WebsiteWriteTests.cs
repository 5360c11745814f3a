using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BudgetMesh.Reliability.Tests.Harness;
using BudgetMesh.Testing;

namespace BudgetMesh.Reliability.Tests.Security;

/// <summary>The website's WebDAV write side (deploy/website/nginx.conf.template) as an intruder would try it.</summary>
public sealed class WebsiteWriteTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private NginxWebsite _website = null!;

    public async Task InitializeAsync() => _website = await NginxWebsite.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _website.DisposeAsync();
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("wrong password")]
    [InlineData("wrong user")]
    public async Task Anonymous_or_wrongly_authenticated_PUT_and_DELETE_are_refused_and_change_nothing(string who)
    {
        var target = new Uri(_website.WriteUrl, "500107/intruder.html");
        var existing = new Uri(_website.WriteUrl, "500107/kept.html");
        using (var put = Request(HttpMethod.Put, existing, "publisher"))
        {
            put.Content = new StringContent("<p>kept</p>", Encoding.UTF8, "text/html");
            using var created = await _http.SendAsync(put);
            Assert.True(created.IsSuccessStatusCode, $"the publisher's own PUT failed: {created.StatusCode}");
        }

        using var intruderPut = Request(HttpMethod.Put, target, who);
        intruderPut.Content = new StringContent("<script>alert(1)</script>", Encoding.UTF8, "text/html");
        using var putResponse = await _http.SendAsync(intruderPut);
        using var intruderDelete = Request(HttpMethod.Delete, existing, who);
        using var deleteResponse = await _http.SendAsync(intruderDelete);

        Assert.Equal(HttpStatusCode.Unauthorized, putResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteResponse.StatusCode);
        Assert.False(File.Exists(Path.Combine(_website.Root, "500107", "intruder.html")));
        Assert.True(File.Exists(Path.Combine(_website.Root, "500107", "kept.html")));
        Measurements.Record("Website write side", "PUT and DELETE as anonymous, wrong password, wrong user; PUT on the public side",
            "pass", "401 for every unauthenticated PUT/DELETE, nothing written or deleted; public side refuses writes");
    }

    [Fact]
    public async Task The_public_side_refuses_writes_outright()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(_website.BaseUrl, "intruder.html")) { Content = new StringContent("x") };
        using var response = await _http.SendAsync(put);
        Assert.False(response.IsSuccessStatusCode);
        Assert.False(File.Exists(Path.Combine(_website.Root, "intruder.html")));
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, string who)
    {
        var request = new HttpRequestMessage(method, uri);
        var credentials = who switch
        {
            "publisher" => $"{_website.Username}:{_website.Password}",
            "wrong password" => $"{_website.Username}:{_website.Password}x",
            "wrong user" => $"intruder:{_website.Password}",
            _ => null,
        };
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        return request;
    }
}
