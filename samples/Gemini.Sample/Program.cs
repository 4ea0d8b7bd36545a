using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini;
using DiscoveryGen.Runtime;

// 1. The generated method table: every method of the API with its verb, path, scopes and IAM permissions.
Console.WriteLine($"{CloudAICompanionService.ApiName} {CloudAICompanionService.ApiVersion}: {CloudAICompanionService.Methods.Count} methods, default base URI {CloudAICompanionService.DefaultBaseUri}");
Console.WriteLine();
foreach (var method in CloudAICompanionService.Methods)
{
    var permissions = method.Permissions.Count == 0
        ? "(no IAM permission documented)"
        : string.Join(method.PermissionsAnyOf ? " | " : " + ", method.Permissions);
    Console.WriteLine($"{method.HttpMethodName,-6} {method.Path,-40} {method.Id}");
    Console.WriteLine($"       scopes: {string.Join(", ", method.Scopes)}; permissions: {permissions}");
}

// 2. The exact HTTP request CancelAsync sends, captured by a handler: nothing leaves the machine.
var capture = new CapturingHandler();
using var http = new HttpClient(capture);
var service = new CloudAICompanionService(http, new ClientOptions { BaseUri = new Uri("http://127.0.0.1:5123/") });
await service.Projects.Locations.Operations.CancelAsync("projects/p1/locations/global/operations/op-1");

Console.WriteLine();
Console.WriteLine("CancelAsync(\"projects/p1/locations/global/operations/op-1\") sends:");
Console.WriteLine();
Console.Write(capture.LastRequest);

// 3. Bad arguments never reach the network.
try
{
    await service.Projects.Locations.Operations.CancelAsync("projects/p1/../../x");
}
catch (ArgumentException ex)
{
    Console.WriteLine();
    Console.WriteLine($"CancelAsync(\"projects/p1/../../x\") throws before sending: {ex.Message}");
}

/// <summary>Records the request as text and answers <c>{}</c> (what the API answers to a cancel).</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public string LastRequest { get; private set; } = string.Empty;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(request.Method).Append(' ').Append(request.RequestUri!.PathAndQuery).Append(" HTTP/").Append(request.Version).Append('\n');
        text.Append("Host: ").Append(request.RequestUri.Authority).Append('\n');
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<System.Collections.Generic.KeyValuePair<string, System.Collections.Generic.IEnumerable<string>>>()))
        {
            text.Append(header.Key).Append(": ").Append(string.Join(", ", header.Value)).Append('\n');
        }

        text.Append('\n');
        if (request.Content is not null)
        {
            text.Append(await request.Content.ReadAsStringAsync(cancellationToken)).Append('\n');
        }

        LastRequest = text.ToString();
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    }
}
