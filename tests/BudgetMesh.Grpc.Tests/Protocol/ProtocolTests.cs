using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Text;
using BudgetMesh.Grpc.Protocol;
using BudgetMesh.Grpc.Tests.Probe;
using Google.Protobuf;

namespace BudgetMesh.Grpc.Tests.Protocol;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData("1m", 1.0)]
    [InlineData("100m", 100.0)]
    [InlineData("2S", 2000.0)]
    [InlineData("3M", 180_000.0)]
    [InlineData("1H", 3_600_000.0)]
    [InlineData("5000u", 5.0)]
    [InlineData("2000000n", 2.0)]
    [InlineData("99999999m", 99_999_999.0)]
    public void Timeouts_in_every_unit_are_parsed(string value, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GrpcProtocol.ParseTimeout(value));

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5m")]
    [InlineData("123456789m")]
    [InlineData("1.5S")]
    public void Malformed_timeouts_are_ignored(string value) => Assert.Null(GrpcProtocol.ParseTimeout(value));

    [Fact]
    public void Formatted_timeouts_never_exceed_eight_digits_and_round_trip()
    {
        foreach (var timeout in new[] { TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromDays(3), TimeSpan.FromDays(4000), TimeSpan.MaxValue / 2 })
        {
            var text = GrpcProtocol.FormatTimeout(timeout);
            Assert.InRange(text.Length, 2, 9);
            Assert.True(GrpcProtocol.ParseTimeout(text) >= TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds, 1)), text);
        }
        Assert.Equal("1m", GrpcProtocol.FormatTimeout(TimeSpan.FromMilliseconds(0.2)));
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n",
        "%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A")]
    public void Status_messages_are_percent_encoded_and_decoded(string message, string wire)
    {
        Assert.Equal(wire, GrpcProtocol.EncodeMessage(message));
        Assert.Equal(message, GrpcProtocol.DecodeMessage(wire));
    }

    [Theory]
    [InlineData("a", 5000)]
    [InlineData("预", 5000)]
    [InlineData("😈", 5000)]
    public void A_long_status_message_is_cut_at_a_character_boundary_so_a_hostile_echo_cannot_break_the_connection(string unit, int repeat)
    {
        var message = "无效的部门名称：" + string.Concat(Enumerable.Repeat(unit, repeat));

        var decoded = GrpcProtocol.DecodeMessage(GrpcProtocol.EncodeMessage(message));

        Assert.True(Encoding.UTF8.GetByteCount(decoded) <= GrpcProtocol.MaxMessageBytes, $"{Encoding.UTF8.GetByteCount(decoded)} bytes");
        Assert.EndsWith("…", decoded, StringComparison.Ordinal);
        Assert.StartsWith(decoded[..^1], message, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', decoded);
    }

    [Fact]
    public void Status_details_quoting_a_huge_input_stay_within_the_limit_and_say_how_many_violations_were_left_out()
    {
        var badRequest = new Google.Rpc.BadRequest();
        var hostile = string.Concat(Enumerable.Repeat("<script>预算</script>", 2000));
        for (var i = 0; i < 500; i++)
        {
            badRequest.FieldViolations.Add(new Google.Rpc.BadRequest.Types.FieldViolation { Field = $"tables.gf.rows[{i}].name", Description = "名称无效：" + hostile });
        }

        var details = new Google.Rpc.Status { Code = 3, Message = hostile };
        details.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(badRequest));

        var bounded = StatusDetailsLimit.Bound(details);

        Assert.True(bounded.CalculateSize() <= StatusDetailsLimit.MaxBytes, $"{bounded.CalculateSize()} bytes");
        var violations = bounded.Details.Single().Unpack<Google.Rpc.BadRequest>().FieldViolations;
        Assert.Equal("tables.gf.rows[0].name", violations[0].Field);
        Assert.StartsWith("名称无效：<script>", violations[0].Description, StringComparison.Ordinal);
        var omitted = 500 - (violations.Count - 1);
        Assert.True(omitted > 0);
        Assert.Equal($"另有{omitted}项未列出 / {omitted} more violations not listed", violations[^1].Description);
    }

    [Fact]
    public void Status_details_within_the_limit_are_sent_unchanged()
    {
        var details = new Google.Rpc.Status { Code = 3, Message = "报送包无效" };
        var badRequest = new Google.Rpc.BadRequest();
        badRequest.FieldViolations.Add(new Google.Rpc.BadRequest.Types.FieldViolation { Field = "header.district_code", Description = "必须为6位数字" });
        details.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(badRequest));

        Assert.Same(details, StatusDetailsLimit.Bound(details));
    }

    [Fact]
    public void A_status_message_at_the_limit_is_sent_whole()
    {
        var message = new string('x', GrpcProtocol.MaxMessageBytes);
        Assert.Equal(message, GrpcProtocol.DecodeMessage(GrpcProtocol.EncodeMessage(message)));
    }

    [Fact]
    public void Invalid_percent_escapes_are_kept_verbatim() => Assert.Equal("50%zz and %", GrpcProtocol.DecodeMessage("50%zz and %"));

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, StatusCode.Internal)]
    [InlineData(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(HttpStatusCode.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(HttpStatusCode.NotFound, StatusCode.Unimplemented)]
    [InlineData(HttpStatusCode.TooManyRequests, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.BadGateway, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, StatusCode.Unknown)]
    public void Non_grpc_http_statuses_map_as_the_spec_says(HttpStatusCode http, StatusCode expected) =>
        Assert.Equal(expected, GrpcProtocol.FromHttpStatus(http));

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Only_grpc_content_types_are_accepted(string? contentType, bool accepted) =>
        Assert.Equal(accepted, GrpcProtocol.IsGrpcContentType(contentType));

    [Fact]
    public void Every_status_code_has_its_wire_number()
    {
        Assert.Equal(17, Enum.GetValues<StatusCode>().Length);
        Assert.Equal(16, (int)StatusCode.Unauthenticated);
        Assert.Equal(StatusCode.DataLoss, GrpcProtocol.ParseStatus("15"));
        Assert.Null(GrpcProtocol.ParseStatus("x"));
    }

    private static async Task<EchoRequest?> ReadAsync(byte[] bytes, string? encoding = null, int max = 1024)
    {
        var (read, message, _) = await MessageFraming.ReadMessageAsync<EchoRequest>(new MemoryStream(bytes), EchoRequest.Parser, encoding, max, CancellationToken.None);
        return read ? message : null;
    }

    private static byte[] Header(byte flag, uint length)
    {
        var header = new byte[5];
        header[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    [Fact]
    public async Task A_frame_round_trips_plain_and_gzip()
    {
        var message = new EchoRequest { Text = new string('a', 500) };
        Assert.Equal(message, await ReadAsync(MessageFraming.Frame(message, compress: false)));
        var compressed = MessageFraming.Frame(message, compress: true);
        Assert.Equal(1, compressed[0]);
        Assert.True(compressed.Length < 100);
        Assert.Equal(message, await ReadAsync(compressed, "gzip"));
    }

    [Fact]
    public async Task An_empty_stream_is_a_clean_end() => Assert.Null(await ReadAsync([]));

    [Fact]
    public async Task A_zero_length_message_is_the_default_message() =>
        Assert.Equal(new EchoRequest(), await ReadAsync(Header(0, 0)));

    public static TheoryData<string, byte[], string?, StatusCode> MalformedFrames => new()
    {
        { "truncated header", [0, 0, 0], null, StatusCode.Internal },
        { "truncated body", [.. Header(0, 10), 1, 2, 3], null, StatusCode.Internal },
        { "reserved flag", [.. Header(2, 0)], null, StatusCode.Internal },
        { "oversized", [.. Header(0, 1025)], null, StatusCode.ResourceExhausted },
        { "huge length", [.. Header(0, uint.MaxValue)], null, StatusCode.ResourceExhausted },
        { "compressed without encoding", [.. Header(1, 1), 0], null, StatusCode.Internal },
        { "compressed but not gzip", [.. Header(1, 3), 1, 2, 3], "gzip", StatusCode.Internal },
        { "garbage protobuf", [.. Header(0, 3), 0xff, 0xff, 0xff], null, StatusCode.Internal },
        { "gzip bomb", [.. GzipFrame(new byte[100_000])], "gzip", StatusCode.ResourceExhausted },
    };

    private static byte[] GzipFrame(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(payload);
        }
        return [.. Header(1, (uint)output.Length), .. output.ToArray()];
    }

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task Malformed_frames_become_a_status_never_another_exception(string name, byte[] bytes, string? encoding, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => ReadAsync(bytes, encoding));
        Assert.True(expected == error.StatusCode, $"{name}: {error.StatusCode} {error.Detail}");
    }
}

public sealed class MetadataTests
{
    [Fact]
    public void Keys_are_lower_cased_and_binary_keys_need_bytes()
    {
        var metadata = new Metadata { { "X-Trace", "abc" }, { "blob-bin", new byte[] { 1, 2 } } };
        Assert.Equal("abc", metadata.GetValue("x-trace"));
        Assert.Equal(new byte[] { 1, 2 }, metadata.GetValueBytes("blob-bin"));
        Assert.Throws<ArgumentException>(() => metadata.Add("blob-bin", "text"));
        Assert.Throws<ArgumentException>(() => metadata.Add("text", new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => metadata.Add("grpc-status", "0"));
        Assert.Throws<ArgumentException>(() => metadata.Add("bad key", "x"));
        Assert.Throws<ArgumentException>(() => metadata.Add("key", "caf\u00e9"));
    }

    [Fact]
    public void Binary_values_from_the_wire_accept_unpadded_and_comma_joined_base64()
    {
        var metadata = new Metadata();
        metadata.AddFromWire("x-bin", "q6ur,AQ");
        Assert.Equal([new byte[] { 0xab, 0xab, 0xab }, new byte[] { 1 }], metadata.GetAll("x-bin").Select(e => e.ValueBytes!));
        Assert.Equal("q6ur", Metadata.ToWireValue(new Metadata.Entry("x-bin", null, [0xab, 0xab, 0xab])));
    }

    [Fact]
    public void Field_violations_travel_in_google_rpc_status()
    {
        var thrown = GrpcStatusException.InvalidArgument("bad package", ("year", "too early"));
        var trailers = new Metadata();
        trailers.AddFromWire("grpc-status-details-bin", Convert.ToBase64String(thrown.Details!.ToByteArray()));
        var received = GrpcStatusException.FromWire(StatusCode.InvalidArgument, "bad package", trailers);
        var violation = Assert.Single(received.FieldViolations);
        Assert.Equal(("year", "too early"), (violation.Field, violation.Description));
    }
}
