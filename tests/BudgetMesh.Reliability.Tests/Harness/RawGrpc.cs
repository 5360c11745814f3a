using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace BudgetMesh.Reliability.Tests.Harness;

/// <summary>
/// The gRPC wire seen from outside: exactly the bytes a broken or hostile client would send (a length prefix that
/// lies, a compressed flag with no compression, undecodable payloads, unknown paths), which no typed client can send.
/// A test tool for the bad-input test, not a wire layer: every real call in the tests goes through a generated client.
/// </summary>
internal static class RawGrpc
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>What came back: the gRPC status (null when there was none, e.g. the connection broke).</summary>
    public sealed record Result(int? Status, string? Message, HttpStatusCode? Http, string? Failure);

    public static byte[] Frame(byte[] payload, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<Result> SendAsync(Uri address, string path, byte[] body, string? authorization = null, string timeout = "5S")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", authorization);
        }

        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            _ = await response.Content.ReadAsByteArrayAsync();
            static string? Get(HttpHeaders headers, string name) => headers.TryGetValues(name, out var v) ? v.First() : null;
            var status = Get(response.Headers, "grpc-status") ?? Get(response.TrailingHeaders, "grpc-status");
            var message = Get(response.Headers, "grpc-message") ?? Get(response.TrailingHeaders, "grpc-message");
            return new Result(int.TryParse(status, out var s) ? s : null, message is null ? null : Uri.UnescapeDataString(message), response.StatusCode, null);
        }
#pragma warning disable CA1031 // Whatever breaks the exchange (e.g. a header block over the client's limit) is a result to count, not a test crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new Result(null, null, null, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
