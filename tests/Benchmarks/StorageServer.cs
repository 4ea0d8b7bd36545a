using System;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// The tests' <see cref="LoopbackServer"/> (Kestrel on 127.0.0.1, dynamic port) answering objects.get and objects.list
/// with pre-encoded JSON. It answers from the raw handler, so nothing is recorded and no time goes to bookkeeping.
/// </summary>
internal sealed class StorageServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private StorageServer(LoopbackServer server)
    {
        _server = server;
        _server.RawHandler = async context =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var body = path.EndsWith("/o", StringComparison.Ordinal) ? StoragePayloads.List : StoragePayloads.Get;
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=UTF-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
            return true;
        };
    }

    /// <summary>http://127.0.0.1:port/ — the storage.v1 base URI is Root + "storage/v1/".</summary>
    public Uri Root => _server.BaseUri;

    public Uri StorageBase => new(Root, "storage/v1/");

    public static async Task<StorageServer> StartAsync() => new(await LoopbackServer.StartAsync());

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
