using System.Net;
using System.Net.Sockets;

namespace BudgetMesh.Testing.Processes;

internal static class FreePort
{
    /// <summary>Lets the kernel choose: never a fixed port, so parallel runs on one machine do not collide.
    /// The port is free only until someone else binds it; callers retry a failed start on new ports.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
