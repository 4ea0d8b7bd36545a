using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DiscoveryGen.Benchmarks;

/// <summary>Kestrel on 127.0.0.1 (dynamic port) answering objects.get and objects.list with pre-encoded JSON.</summary>
internal sealed class StorageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StorageServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>http://127.0.0.1:port/ — the storage.v1 base URI is Root + "storage/v1/".</summary>
    public Uri Root { get; }

    public Uri StorageBase => new(Root, "storage/v1/");

    public static async Task<StorageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var body = path.EndsWith("/o", StringComparison.Ordinal) ? StoragePayloads.List : StoragePayloads.Get;
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=UTF-8";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, 0, body.Length);
        });
        await app.StartAsync();
        var address = ((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StorageServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
