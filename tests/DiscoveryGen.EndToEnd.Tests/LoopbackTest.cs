using System;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// A test class whose every test gets its own Kestrel server on 127.0.0.1 (a dynamic port) and an HttpClient for the
/// generated services it makes; both are disposed after the test.
/// </summary>
public abstract class LoopbackTest : IAsyncLifetime
{
    protected LoopbackServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LoopbackServer.StartAsync();
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        OnStarted();
    }

    /// <summary>Runs once the server and client are up: where a test class makes the service its tests share.</summary>
    protected virtual void OnStarted()
    {
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
