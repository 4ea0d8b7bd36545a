using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Testing;

/// <summary>
/// The documented seam for substituting a generated service in your own tests: an in-memory
/// <see cref="HttpMessageHandler"/> that answers by discovery method id (the runtime tags every request with its
/// <see cref="MethodDescriptor"/>). Use it under a real service — <c>new CloudAICompanionService(new HttpClient(stub), …)</c>
/// or <c>AddDiscoveryClient&lt;T&gt;().ConfigurePrimaryHttpMessageHandler(() =&gt; stub)</c> — so your code keeps its
/// real types, JSON reading, errors and retries. A method with no answer gets HTTP 501 with a google.rpc.Status body
/// naming it.
/// </summary>
public sealed class ApiStubHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<ApiStubRequest, HttpResponseMessage>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ApiStubRequest> _requests = new();

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ApiStubRequest> Requests => _requests.ToArray();

    /// <summary>Answers <paramref name="methodId"/> with the response <paramref name="respond"/> builds.</summary>
    public ApiStubHandler Respond(string methodId, Func<ApiStubRequest, HttpResponseMessage> respond)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodId);
        ArgumentNullException.ThrowIfNull(respond);
        _answers[methodId] = respond;
        return this;
    }

    /// <summary>Answers <paramref name="methodId"/> with a JSON body.</summary>
    public ApiStubHandler RespondJson(string methodId, string json, HttpStatusCode status = HttpStatusCode.OK) =>
        Respond(methodId, _ => Json(status, json));

    /// <summary>Answers <paramref name="methodId"/> with a google.rpc.Status error (e.g. 404, <c>NOT_FOUND</c>).</summary>
    public ApiStubHandler RespondError(string methodId, HttpStatusCode status, string rpcStatus, string message) =>
        Respond(methodId, _ => Error(status, rpcStatus, message));

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        request.Options.TryGetValue(ApiClient.MethodOptionKey, out var method);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new ApiStubRequest(method?.Id, request.Method.Method, request.RequestUri!, headers, body ?? Array.Empty<byte>());
        _requests.Enqueue(recorded);
        var response = method is not null && _answers.TryGetValue(method.Id, out var respond)
            ? respond(recorded)
            : Error(HttpStatusCode.NotImplemented, "UNIMPLEMENTED", $"ApiStubHandler has no answer for {method?.Id ?? request.RequestUri!.AbsolutePath}.");
        response.RequestMessage ??= request;
        return response;
    }

    /// <summary>A JSON response.</summary>
    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>A google.rpc.Status error response.</summary>
    public static HttpResponseMessage Error(HttpStatusCode status, string rpcStatus, string message)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", (int)status);
            writer.WriteString("message", message);
            writer.WriteString("status", rpcStatus);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Json(status, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
