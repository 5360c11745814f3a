using System.Net;
using BudgetMesh.InteropServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Interop.Tests;

/// <summary>The grpc-dotnet interop server (tools/BudgetMesh.InteropServer) on a free loopback port, one per test class.</summary>
internal sealed class InteropServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = InteropServerHost.Build(IPAddress.Loopback, 0);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
