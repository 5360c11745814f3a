using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using Grpc.Core;
using Polly.CircuitBreaker;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// A failed call in the words an operator reads (the CLI and the console alike): Chinese sentences naming the service
/// and its address, the service's own Chinese reason when it sent one, otherwise the status and the transport failure
/// (a refused connection, an unknown host, a TLS handshake) put in Chinese, with the numeric gRPC status code. Never
/// a status name or an exception's English text.
/// </summary>
public static partial class CallFailure
{
    /// <summary>
    /// Whether <paramref name="code"/> is a service's answer about the request (invalid, not found, not allowed, not in
    /// this state) rather than a failure to reach or run the service.
    /// </summary>
    public static bool IsRefusal(StatusCode code) => code is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.AlreadyExists
        or StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.OutOfRange or StatusCode.Unauthenticated;

    /// <summary>
    /// One sentence: what happened with <paramref name="service"/> at <paramref name="address"/> and why, ending in the
    /// status code, e.g. "无法连接受理服务（http://127.0.0.1:5101）：连接被拒绝，该地址没有服务在监听（gRPC 状态码 14）".
    /// </summary>
    public static string Describe(string service, PeerAddress address, RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(exception);
        var where = $"{service}（{address}）";
        var code = $"（gRPC 状态码 {(int)exception.StatusCode}）";
        var reason = Reason(exception);
        return exception.StatusCode switch
        {
            StatusCode.Unavailable => $"无法连接{where}：{reason}{code}",
            StatusCode.DeadlineExceeded => $"{where}未在时限内响应：{reason}{code}",
            StatusCode.InvalidArgument or StatusCode.OutOfRange => $"{where}认为输入无效：{reason}{code}",
            _ when IsRefusal(exception.StatusCode) => $"{where}拒绝了请求：{reason}{code}",
            _ => $"{where}处理失败：{reason}{code}",
        };
    }

    /// <summary>
    /// Why the call failed, in Chinese: the service's own message when it has a Chinese one (the Chinese half of an
    /// older "中文 / English" text), otherwise what the status and the transport failure mean.
    /// </summary>
    public static string Reason(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Chinese(exception.Status.Detail) is { } own)
        {
            return own;
        }

        return exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown
            && Transport(exception.Status.DebugException ?? exception.InnerException) is { } transport
            ? transport
            : Meaning(exception.StatusCode);
    }

    /// <summary>The Chinese text of a service's message: a Chinese text as it is, the Chinese half of "中文 / English", null for English only.</summary>
    public static string? Chinese(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Cjk().IsMatch(text))
        {
            return null;
        }

        var cut = text.IndexOf(" / ", StringComparison.Ordinal);
        return cut > 0 && Cjk().IsMatch(text[..cut]) && !Cjk().IsMatch(text[(cut + 3)..]) ? text[..cut].Trim() : text.Trim();
    }

    /// <summary>What a status means when the service said nothing in Chinese.</summary>
    public static string Meaning(StatusCode code) => code switch
    {
        StatusCode.Unavailable => "服务暂不可用",
        StatusCode.DeadlineExceeded => "等待超时",
        StatusCode.InvalidArgument => "请求内容无效",
        StatusCode.OutOfRange => "请求的值超出范围",
        StatusCode.NotFound => "没有找到所请求的内容",
        StatusCode.AlreadyExists => "所请求创建的内容已存在",
        StatusCode.PermissionDenied => "该密钥无权执行此操作",
        StatusCode.Unauthenticated => "密钥缺失、无效或已吊销",
        StatusCode.FailedPrecondition => "当前状态不允许此操作",
        StatusCode.Aborted => "操作与其他操作冲突，请重试",
        StatusCode.ResourceExhausted => "请求超出上限或服务繁忙",
        StatusCode.Unimplemented => "服务不支持此操作（客户端与服务的版本可能不一致）",
        StatusCode.Cancelled => "调用已取消",
        StatusCode.DataLoss => "数据损坏或丢失",
        _ => "服务内部错误",
    };

    /// <summary>The transport failure behind an exception chain, in Chinese; null when there is none to name.</summary>
    public static string? Transport(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "连接被拒绝，该地址没有服务在监听",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "找不到该主机名",
                        SocketError.TimedOut => "建立连接超时",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => "网络不可达",
                        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "连接被对方中断",
                        SocketError.AccessDenied => "本机不允许建立该连接",
                        _ => $"网络连接失败（套接字错误 {(int)socket.SocketErrorCode}）",
                    };
                case AuthenticationException:
                    return "TLS 握手失败（证书不受信任，或一方不使用 TLS）";
                case BrokenCircuitException:
                    return "该服务连续多次无法连接，暂停调用片刻后再试";
                case System.Net.Http.HttpRequestException { HttpRequestError: System.Net.Http.HttpRequestError.SecureConnectionError }:
                    return "TLS 握手失败（证书不受信任，或一方不使用 TLS）";
                case System.Net.Http.HttpRequestException { HttpRequestError: System.Net.Http.HttpRequestError.NameResolutionError }:
                    return "找不到该主机名";
                case System.Net.Http.HttpRequestException { HttpRequestError: System.Net.Http.HttpRequestError.HttpProtocolError or System.Net.Http.HttpRequestError.VersionNegotiationError }:
                    return "该地址的服务不使用 gRPC（HTTP/2）协议";
                case IOException when current.InnerException is null:
                    return "连接中断";
                default:
                    continue;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
