using System.Net;
using System.Security.Cryptography.X509Certificates;
using BudgetMesh.Grpc;
using BudgetMesh.InteropServer.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.Grpc.Tests.Infrastructure;

/// <summary>
/// The interop TestService on the hand-written server, which these tests cover until the layer is deleted (the
/// interop server in tools/ is on grpc-dotnet now).
/// </summary>
internal static class HandWrittenInteropServerHost
{
    public static WebApplication Build(IPAddress address, int port, X509Certificate2? certificate = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(address, port, certificate));
        builder.Services.AddBudgetMeshGrpc();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGrpcService<HandWrittenInteropTestService>(TestReflection.Descriptor.Services.Single(s => s.Name == "TestService"));
        return app;
    }
}
