using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace DiscoveryGen.Tests.Shared;

/// <summary>One request as the server saw it on the wire.</summary>
public sealed record RecordedRequest(
    string Method,
    string RawTarget,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public IEnumerable<string> QueryValues(string name) => Query.Where(p => p.Key == name).Select(p => p.Value);
}

/// <summary>What the server answers. The init-only members inject faults.</summary>
public sealed record CannedResponse(int Status, string? Body = null, string ContentType = "application/json; charset=UTF-8")
{
    public static CannedResponse Json(string body, int status = 200) => new(status, body);

    /// <summary>A <see cref="Delay"/> that never ends by itself: the answer waits until the client goes away or the server stops.</summary>
    public static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    /// <summary>A connection reset: the server aborts the connection without answering.</summary>
    public static CannedResponse Reset() => new(0) { Abort = true };

    /// <summary>Extra response headers (e.g. Retry-After, Content-Encoding).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Raw body bytes, sent instead of <see cref="Body"/> (e.g. gzip-compressed JSON).</summary>
    public byte[]? BodyBytes { get; init; }

    /// <summary>Wait this long before answering (ends early when the client goes away or the server stops); <see cref="Forever"/> to never answer.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// Answer only once this task completes (ends early when the client goes away or the server stops): a test holds
    /// the answer until an event of its own instead of guessing a delay.
    /// </summary>
    public Task? Release { get; init; }

    /// <summary>Abort the connection instead of answering.</summary>
    public bool Abort { get; init; }

    /// <summary>
    /// Declare the full Content-Length but send only this many body bytes, then end the response (a truncated body):
    /// Kestrel closes the connection after the bytes it sent, so the client reads the headers and the partial body in
    /// order and then finds the connection closed early.
    /// </summary>
    public int? TruncateAfter { get; init; }
}

/// <summary>A real Kestrel server on 127.0.0.1 with a dynamic port that records every request and answers from a callback.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private TaskCompletionSource _arrived = NewSignal();

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>
    /// Completes once at least <paramref name="count"/> requests have been recorded: an event to wait on instead of a
    /// wall-clock sleep (a request is recorded before <see cref="Responder"/> runs and before any <see cref="CannedResponse.Delay"/>).
    /// </summary>
    public async Task WaitForRequestsAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Read the signal before the count: a request recorded in between completes this very signal.
            var signal = Volatile.Read(ref _arrived);
            if (_requests.Count >= count)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    public Func<RecordedRequest, CannedResponse> Responder { get; set; } = _ => CannedResponse.Json("{}");

    /// <summary>
    /// Optional: sees each request first, with the raw <see cref="HttpContext"/> (streamed bodies, aborts mid-body).
    /// When it returns true it has answered; the request is then neither recorded nor passed to <see cref="Responder"/>.
    /// </summary>
    public Func<HttpContext, Task<bool>>? RawHandler { get; set; }

    public static async Task<LoopbackServer> StartAsync(Func<RecordedRequest, CannedResponse>? responder = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            if (server!.RawHandler is { } raw && await raw(context))
            {
                return;
            }

            var recorded = await RecordAsync(context);
            server!._requests.Enqueue(recorded);
            Interlocked.Exchange(ref server._arrived, NewSignal()).TrySetResult();
            var response = server.Responder(recorded);
            if (response.Delay is not null || response.Release is not null)
            {
                try
                {
                    using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
                    await Task.WhenAll(
                        response.Delay is { } delay ? Task.Delay(delay, gone.Token) : Task.CompletedTask,
                        response.Release?.WaitAsync(gone.Token) ?? Task.CompletedTask);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (response.Abort)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = response.Status;
            foreach (var header in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            var bytes = response.BodyBytes ?? (response.Body is null ? null : System.Text.Encoding.UTF8.GetBytes(response.Body));
            if (bytes is not null)
            {
                context.Response.ContentType = response.ContentType;
                context.Response.ContentLength = bytes.Length;
                if (response.TruncateAfter is { } cut)
                {
                    await context.Response.Body.WriteAsync(bytes.AsMemory(0, Math.Min(cut, bytes.Length)));
                    return;
                }

                await context.Response.Body.WriteAsync(bytes);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetService(typeof(IServer)) is IServer s
            ? s.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("No server.");
        server = new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
        if (responder is not null)
        {
            server.Responder = responder;
        }

        return server;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var query = new List<KeyValuePair<string, string>>();
        foreach (var pair in context.Request.Query)
        {
            foreach (var value in pair.Value)
            {
                query.Add(new KeyValuePair<string, string>(pair.Key, value ?? string.Empty));
            }
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var path = rawTarget.Split('?')[0];
        return new RecordedRequest(context.Request.Method, rawTarget, path, query, headers, context.Request.ContentType, body.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
