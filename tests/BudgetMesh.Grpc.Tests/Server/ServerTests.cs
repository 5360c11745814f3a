using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using BudgetMesh.Grpc.Tests.Infrastructure;
using BudgetMesh.Grpc.Tests.Probe;
using Google.Protobuf;

namespace BudgetMesh.Grpc.Tests.Server;

/// <summary>The server seen through raw HTTP/2 requests: what a misbehaving or foreign client would send.</summary>
public sealed class ServerTests(TestServer server) : IClassFixture<TestServer>, IDisposable
{
    private const string EchoPath = "/budgetmesh.grpctests.v1.ProbeService/Echo";
    private readonly HttpClient _http = new(new SocketsHttpHandler());

    public void Dispose() => _http.Dispose();

    private static byte[] Frame(byte flag, byte[] payload, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static readonly byte[] ValidEcho = Frame(0, new EchoRequest { Text = "hi" }.ToByteArray());

    private sealed record RawResult(HttpStatusCode Http, string? Status, string? Message, bool TrailersOnly, byte[] Body, HttpResponseMessage Response);

    private async Task<RawResult> SendAsync(byte[] body, string path = EchoPath, string contentType = "application/grpc",
        HttpMethod? method = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, new Uri(server.Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        request.Headers.TE.ParseAdd("trailers");
        configure?.Invoke(request);
        var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? Get(HttpHeaders headers, string name) => headers.TryGetValues(name, out var v) ? v.First() : null;
        var headerStatus = Get(response.Headers, "grpc-status");
        return new RawResult(response.StatusCode, headerStatus ?? Get(response.TrailingHeaders, "grpc-status"),
            Get(response.Headers, "grpc-message") ?? Get(response.TrailingHeaders, "grpc-message"), headerStatus is not null, bytes, response);
    }

    public static TheoryData<string, StatusCode> MalformedKinds => new()
    {
        { "oversized", StatusCode.ResourceExhausted },
        { "truncated-header", StatusCode.Internal },
        { "truncated-body", StatusCode.Internal },
        { "garbage", StatusCode.Internal },
        { "reserved-flag", StatusCode.Internal },
        { "compressed-without-encoding", StatusCode.Internal },
        { "two-messages-for-unary", StatusCode.Internal },
        { "no-message", StatusCode.Internal },
        { "unknown-encoding", StatusCode.Unimplemented },
        { "unknown-method", StatusCode.Unimplemented },
        { "unknown-service", StatusCode.Unimplemented },
        { "bad-gzip", StatusCode.Internal },
    };

    private Task<RawResult> SendMalformedAsync(string kind) => kind switch
    {
        "oversized" => SendAsync(Frame(0, [], TestServer.ProbeMaxReceiveMessageSize + 1)),
        "truncated-header" => SendAsync([0, 0, 0]),
        "truncated-body" => SendAsync(Frame(0, [1, 2, 3], 100)),
        "garbage" => SendAsync(Frame(0, [0xff, 0xff, 0xff, 0xff])),
        "reserved-flag" => SendAsync(Frame(7, [])),
        "compressed-without-encoding" => SendAsync(Frame(1, [0x0a, 0x01, 0x41])),
        "two-messages-for-unary" => SendAsync([.. ValidEcho, .. ValidEcho]),
        "no-message" => SendAsync([]),
        "unknown-encoding" => SendAsync(ValidEcho, configure: r => r.Headers.Add("grpc-encoding", "br")),
        "unknown-method" => SendAsync(ValidEcho, "/budgetmesh.grpctests.v1.ProbeService/Nope"),
        "unknown-service" => SendAsync(ValidEcho, "/no.such.Service/Echo"),
        "bad-gzip" => SendAsync(Frame(1, [1, 2, 3, 4, 5, 6]), configure: r => r.Headers.Add("grpc-encoding", "gzip")),
        _ => throw new ArgumentException(kind, nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(MalformedKinds))]
    public async Task A_malformed_request_gets_its_status(string kind, StatusCode expected)
    {
        var result = await SendMalformedAsync(kind);
        Assert.Equal(HttpStatusCode.OK, result.Http);
        Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Status);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public async Task Thousands_of_malformed_requests_leave_the_server_serving()
    {
        var kinds = MalformedKinds.Select(row => ((string)row[0], (StatusCode)row[1])).ToArray();
        var wrong = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 3000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var (kind, expected) = kinds[i % kinds.Length];
            var result = await SendMalformedAsync(kind);
            if (result.Status != ((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);

        using var client = server.CreateClient();
        var reply = await client.UnaryAsync<EchoRequest, EchoReply>(TestServer.Probe("Echo"), new EchoRequest { Text = "still here" });
        Assert.Equal("still here", reply.Text);
    }

    [Fact]
    public async Task Non_grpc_requests_get_http_errors_with_a_grpc_status()
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await SendAsync(ValidEcho, contentType: "application/json")).Http);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync([], method: HttpMethod.Get)).Http);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync([], "/some/thing", contentType: "application/json")).Http);
    }

    [Fact]
    public async Task Errors_before_any_message_are_trailers_only_and_successes_carry_trailers()
    {
        var error = await SendAsync(ValidEcho, "/budgetmesh.grpctests.v1.ProbeService/Missing");
        Assert.True(error.TrailersOnly);
        Assert.Empty(error.Body);
        Assert.Equal("12", error.Status);

        var ok = await SendAsync(ValidEcho);
        Assert.False(ok.TrailersOnly);
        Assert.Equal("0", ok.Status);
        Assert.Equal("application/grpc", ok.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, ok.Body[0]);
        Assert.Equal("hi", EchoReply.Parser.ParseFrom(ok.Body.AsSpan(5)).Text);
    }

    [Fact]
    public async Task A_gzip_request_gets_a_gzip_response_when_the_client_accepts_it()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(new EchoRequest { Text = "zipped", ReplySize = 2000 }.ToByteArray());
        }
        var result = await SendAsync(Frame(1, compressed.ToArray()), configure: r =>
        {
            r.Headers.Add("grpc-encoding", "gzip");
            r.Headers.Add("grpc-accept-encoding", "identity,gzip");
        });
        Assert.Equal("0", result.Status);
        Assert.Equal("gzip", result.Response.Headers.GetValues("grpc-encoding").Single());
        Assert.Equal(1, result.Body[0]);
        Assert.True(result.Body.Length < 2000);
    }

    [Fact]
    public async Task The_server_enforces_grpc_timeout_and_cancels_the_handler()
    {
        var key = Guid.NewGuid().ToString();
        var started = DateTime.UtcNow;
        var result = await SendAsync(Frame(0, new SleepRequest { Milliseconds = 20_000, Key = key }.ToByteArray()),
            "/budgetmesh.grpctests.v1.ProbeService/Sleep", configure: r => r.Headers.Add("grpc-timeout", "200m"));
        Assert.Equal("4", result.Status);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        await server.State.SleepCancelledFor(key).Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_handler_method_with_the_wrong_shape_fails_at_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Grpc.Server.ServiceBinder.Bind(typeof(WrongShape), TestServer.ProbeService));
        Assert.Contains("Echo", error.Message, StringComparison.Ordinal);
    }

    private sealed class WrongShape
    {
        private readonly string _suffix = "!";

        public Task<EchoReply> Echo(EchoRequest request) => Task.FromResult(new EchoReply { Text = request.Text + _suffix });
    }
}
