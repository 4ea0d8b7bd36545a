using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini.Aot;
using DiscoveryGen.Runtime;

// A NativeAOT binary using the generated client: list (response model read), create (request model written, typed
// query parameter), and an error response (ApiException with the parsed google.rpc.Status). Nothing leaves 127.0.0.1.
LoopbackHttpServer? server = null;
Uri baseUri;
if (args.Length > 0)
{
    baseUri = new Uri(args[0]);
}
else
{
    server = LoopbackHttpServer.Start();
    baseUri = server.BaseUri;
}

using var http = new HttpClient();
var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = baseUri });
Console.WriteLine($"native: {!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported}; methods: {CloudAICompanionService.Methods.Count}");

var locations = await service.Projects.Locations.ListAsync("projects/p1", pageSize: 2);
Console.WriteLine("locations: " + string.Join(", ", (locations.Locations ?? new()).Select(l => $"{l.LocationId} ({l.DisplayName})")) + $"; next page: {locations.NextPageToken}");

var operation = await service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(
    "projects/p1/locations/us-central1",
    "index-1",
    new CodeRepositoryIndex { KmsKey = "keys/k1", Labels = new Dictionary<string, string?> { ["team"] = "aot" } });
Console.WriteLine($"operation: {operation.Name} done={operation.Done}");

try
{
    await service.Projects.Locations.Operations.GetAsync("projects/p1/locations/us-central1/operations/missing");
    Console.WriteLine("error: none");
}
catch (ApiException ex)
{
    Console.WriteLine($"error: {(int)ex.StatusCode} {ex.Error?.Status} {ex.Error?.Message}");
}

if (server is not null)
{
    await server.DisposeAsync();
}

return 0;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1:0 (one request per connection) that answers like the API would, so the binary
/// runs on its own. Tests start the binary with the URL of a Kestrel server instead and check what it received.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LoopbackHttpServer(TcpListener listener)
    {
        _listener = listener;
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri { get; }

    public static LoopbackHttpServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new LoopbackHttpServer(listener);
    }

    /// <summary>The canned answer for a request line (shared with the tests' Kestrel responder by content, not code).</summary>
    public static (int Status, string Body) Answer(string method, string path)
    {
        if (method == "GET" && path.EndsWith("/locations", StringComparison.Ordinal))
        {
            return (200, "{\"locations\":[{\"locationId\":\"us-central1\",\"displayName\":\"Iowa\",\"name\":\"projects/p1/locations/us-central1\"},{\"locationId\":\"europe-west4\",\"displayName\":\"Netherlands\"}],\"nextPageToken\":\"t2\"}");
        }

        if (method == "POST" && path.EndsWith("/codeRepositoryIndexes", StringComparison.Ordinal))
        {
            return (200, "{\"name\":\"projects/p1/locations/us-central1/operations/op-1\",\"done\":false,\"metadata\":{\"@type\":\"x\"}}");
        }

        return (404, "{\"error\":{\"code\":404,\"message\":\"Operation not found.\",\"status\":\"NOT_FOUND\"}}");
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using (client)
            {
                await HandleAsync(client.GetStream());
            }
        }
    }

    private static async Task HandleAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync() ?? string.Empty;
        var contentLength = 0;
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }
        }

        var body = new char[contentLength];
        var read = 0;
        while (read < contentLength)
        {
            var n = await reader.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var parts = requestLine.Split(' ');
        var path = parts.Length > 1 ? parts[1].Split('?')[0] : "/";
        var (status, json) = Answer(parts[0], path);
        var payload = Encoding.UTF8.GetBytes(json);
        var head = $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {payload.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(payload);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
