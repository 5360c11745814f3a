using System.Globalization;
using System.Net;
using BudgetMesh.InteropServer;
using Microsoft.Extensions.Hosting;

// Interop servers of every gRPC language take "--port=N" (also "--port N"); other flags are ignored.
var port = 10000;
for (var i = 0; i < args.Length; i++)
{
    var arg = args[i].TrimStart('-');
    if (arg.StartsWith("port=", StringComparison.Ordinal))
    {
        port = int.Parse(arg["port=".Length..], CultureInfo.InvariantCulture);
    }
    else if (arg == "port" && i + 1 < args.Length)
    {
        port = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
}

var app = InteropServerHost.Build(IPAddress.Any, port);
await app.StartAsync();
Console.WriteLine($"BudgetMesh interop server (grpc-dotnet) listening on {string.Join(", ", app.Urls)} (h2c)");
await app.WaitForShutdownAsync();
