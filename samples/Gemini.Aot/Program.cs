using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini.Aot;
using DiscoveryGen.Runtime;

// A NativeAOT binary using the generated client: Google credentials (Application Default Credentials, or a
// service-account key signing its RS256 assertion), list (response model read), create (request model written, typed
// query parameter), typed resource names (built, parsed, compared), and an error response (ApiException with the
// parsed google.rpc.Status). Nothing leaves 127.0.0.1.
LoopbackHttpServer? server = null;
Uri baseUri;
GoogleCredentials credentials;
if (args.Length > 0)
{
    // The caller's environment says where credentials are (GOOGLE_APPLICATION_CREDENTIALS, gcloud, GCE_METADATA_HOST).
    baseUri = new Uri(args[0]);
    credentials = await GoogleCredentials.FromApplicationDefaultAsync();
}
else
{
    // Standalone: a fresh service-account key whose token_uri is the binary's own server, which checks the signature.
    using var key = RSA.Create(2048);
    server = LoopbackHttpServer.Start(key.ExportSubjectPublicKeyInfo());
    baseUri = server.BaseUri;
    credentials = GoogleCredentials.FromJson(LoopbackHttpServer.ServiceAccountKey(key.ExportPkcs8PrivateKeyPem(), new Uri(baseUri, "token")));
}

using var http = new HttpClient();
var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = baseUri }.UseGoogleCredentials(credentials));
Console.WriteLine($"native: {!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported}; methods: {CloudAICompanionService.Methods.Count}");
Console.WriteLine($"auth: {credentials.Kind}");

// Typed resource names convert to the string each method takes.
var locations = await service.Projects.Locations.ListAsync(new ProjectName("p1"), pageSize: 2);
Console.WriteLine("locations: " + string.Join(", ", (locations.Locations ?? new()).Select(l => $"{l.LocationId} ({l.DisplayName})")) + $"; next page: {locations.NextPageToken}");

var operation = await service.Projects.Locations.CodeRepositoryIndexes.CreateAsync(
    new LocationName("p1", "us-central1"),
    "index-1",
    new CodeRepositoryIndex { KmsKey = "keys/k1", Labels = new Dictionary<string, string?> { ["team"] = "aot" } });
Console.WriteLine($"operation: {operation.Name} done={operation.Done}");
var operationName = OperationName.Parse(operation.Name);
Console.WriteLine($"operation name: {operationName.Operation} in {operationName.Location}, equal: {operationName == new OperationName("p1", "us-central1", "op-1")}");

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
    private const string IssuedToken = "ya29.aot-standalone";
    private readonly TcpListener _listener;
    private readonly RSA _publicKey;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LoopbackHttpServer(TcpListener listener, RSA publicKey)
    {
        _listener = listener;
        _publicKey = publicKey;
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri { get; }

    public static LoopbackHttpServer Start(byte[] publicKey)
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new LoopbackHttpServer(listener, rsa);
    }

    /// <summary>A service-account key file's JSON, as the Cloud console downloads it (with a loopback token_uri).</summary>
    public static string ServiceAccountKey(string privateKeyPem, Uri tokenUri) =>
        "{\"type\":\"service_account\",\"project_id\":\"p1\",\"private_key_id\":\"k1\",\"private_key\":\"" +
        privateKeyPem.Replace("\n", "\\n", StringComparison.Ordinal) +
        "\",\"client_email\":\"aot@p1.iam.gserviceaccount.com\",\"token_uri\":\"" + tokenUri + "\"}";

    /// <summary>The token endpoint: a JWT-bearer grant whose RS256 signature verifies with the key's public half.</summary>
    private (int Status, string Body) Token(string form)
    {
        var assertion = form.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "assertion").Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();
        var parts = assertion?.Split('.') ?? [];
        var valid = parts.Length == 3 && _publicKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return valid
            ? (200, "{\"access_token\":\"" + IssuedToken + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")
            : (400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
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

    private async Task HandleAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync() ?? string.Empty;
        var contentLength = 0;
        string? authorization = null;
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
            {
                authorization = line[14..].Trim();
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
        var (status, json) = path == "/token"
            ? Token(new string(body, 0, read))
            : authorization == "Bearer " + IssuedToken
                ? Answer(parts[0], path)
                : (401, "{\"error\":{\"code\":401,\"message\":\"Request is missing required authentication credential.\",\"status\":\"UNAUTHENTICATED\"}}");
        var payload = Encoding.UTF8.GetBytes(json);
        var head = $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {payload.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(payload);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
        _publicKey.Dispose();
    }
}
