using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>Kestrel endpoints that speak gRPC.</summary>
public static class GrpcKestrel
{
    /// <summary>
    /// Listens for gRPC on an address: HTTP/2 with prior knowledge (h2c) without a certificate, HTTP/2 over TLS with
    /// one. Port 0 picks a free port.
    /// </summary>
    public static void ServeGrpc(this KestrelServerOptions kestrel, IPAddress address, int port, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(address, port, listen =>
        {
            if (certificate is null)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
        });
    }
}
