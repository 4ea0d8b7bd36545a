using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit;

namespace DiscoveryGen.Media.Tests.Infrastructure;

/// <summary>
/// A loopback server that speaks Google's resumable upload protocol (session start → Location; PUT chunks with
/// <c>Content-Range: bytes a-b/total</c> → 308 with <c>Range: bytes=0-N</c> or the final 200; an empty PUT with
/// <c>bytes */total</c> → where the session stands), serves <c>alt=media</c> downloads (with <c>Range</c>), and answers
/// everything else (simple and multipart uploads) through the recording <see cref="LoopbackServer"/>. Received media is
/// hashed as it streams in, never held, so 50 MB uploads keep the server flat too. Faults are injected per chunk.
/// </summary>
public sealed class MediaServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    private MediaServer(LoopbackServer server)
    {
        _server = server;
        _server.RawHandler = HandleAsync;
        _server.Responder = request => CannedResponse.Json(ObjectJson("simple", request.Body.Length, request.ContentType));
    }

    public Uri BaseUri => _server.BaseUri;

    /// <summary>Simple and multipart uploads and anything else not handled by the protocol code, recorded whole.</summary>
    public IReadOnlyList<RecordedRequest> Recorded => _server.Requests;

    /// <summary>Answers the recorded (non-protocol) requests; by default an object JSON naming the body's length.</summary>
    public Func<RecordedRequest, CannedResponse> Responder
    {
        get => _server.Responder;
        set => _server.Responder = value;
    }

    /// <summary>Every resumable-protocol and download request, in order (bodies are summarized, not kept).</summary>
    public IReadOnlyList<Exchange> Exchanges => _exchanges.ToArray();

    public ConcurrentDictionary<string, UploadSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Decides the fate of each chunk PUT; null answers normally.</summary>
    public Func<ChunkInfo, ChunkFault?>? Faults { get; set; }

    /// <summary>How many session starts are answered 503 before one succeeds.</summary>
    public int FailStarts { get; set; }

    /// <summary>The object served by <c>alt=media</c> downloads: its length and content seed.</summary>
    public long DownloadLength { get; set; }

    public ulong DownloadSeed { get; set; } = 7;

    /// <summary>Answer <c>alt=media</c> requests with this status and a JSON error instead (e.g. 404).</summary>
    public int? DownloadError { get; set; }

    /// <summary>
    /// Paces a download: when set, the body is sent in 64 KiB pieces and this is awaited after each one, with the bytes
    /// sent so far (a slow but flowing body whose pace the test decides, e.g. by moving a clock).
    /// </summary>
    public Func<long, CancellationToken, Task>? DownloadPacer { get; set; }

    /// <summary>Stop sending a download after this many bytes and hold the connection open until the client leaves.</summary>
    public long? DownloadStallAfter { get; set; }

    /// <summary>Ignore the Range header of downloads (answer 200 with everything), as a non-conforming server would.</summary>
    public bool IgnoreRange { get; set; }

    public static async Task<MediaServer> StartAsync() => new(await LoopbackServer.StartAsync());

    public UploadSession Single() => Assert.Single(Sessions.Values);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string ObjectJson(string name, long size, string? contentType) =>
        JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["kind"] = "storage#object",
            ["name"] = name,
            ["size"] = size.ToString(CultureInfo.InvariantCulture),
            ["contentType"] = contentType,
        });

    private async Task<bool> HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.TryGetValue("upload_id", out var id))
        {
            await SessionRequestAsync(context, id.ToString());
            return true;
        }

        if (query.TryGetValue("uploadType", out var type) && type == "resumable")
        {
            await StartSessionAsync(context);
            return true;
        }

        if (HttpMethods.IsGet(context.Request.Method) && query.TryGetValue("alt", out var alt) && alt == "media")
        {
            await DownloadAsync(context);
            return true;
        }

        return false;
    }

    private async Task StartSessionAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var metadata = await reader.ReadToEndAsync();
        var request = context.Request;
        if (FailStarts > 0)
        {
            FailStarts--;
            Log(context, 503, metadata.Length, metadata);
            await Error(context, 503, "backendError");
            return;
        }

        var session = new UploadSession(
            Guid.NewGuid().ToString("N"),
            metadata,
            request.Headers["X-Upload-Content-Type"].FirstOrDefault(),
            long.TryParse(request.Headers["X-Upload-Content-Length"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var declared) ? declared : null);
        Sessions[session.Id] = session;
        var location = $"{request.Scheme}://{request.Host}{request.Path}?uploadType=resumable&upload_id={session.Id}";
        context.Response.StatusCode = 200;
        context.Response.Headers.Location = location;
        Log(context, 200, metadata.Length, metadata);
    }

    private async Task SessionRequestAsync(HttpContext context, string id)
    {
        if (!Sessions.TryGetValue(id, out var session))
        {
            Log(context, 404, 0, null);
            await Error(context, 404, "notFound");
            return;
        }

        var range = ContentRange.Parse(context.Request.Headers["Content-Range"].FirstOrDefault());
        if (range is null)
        {
            Log(context, 400, 0, null);
            await Error(context, 400, "badContentRange");
            return;
        }

        if (range.First is null)
        {
            // Status query: where does the session stand? Naming a total the server already has completes the
            // upload (that is also how an empty upload, or one ending on a chunk boundary, is finished).
            var drained = await ReadAsync(context, session, persist: 0, readLimit: long.MaxValue);
            session.StatusQueries.Enqueue(context.Request.Headers["Content-Range"].ToString());
            if (range.Total is { } declared && declared == session.Received)
            {
                session.Complete = true;
                session.Total = declared;
            }

            await AnswerStateAsync(context, session, drained);
            return;
        }

        if (range.First != session.Received)
        {
            // Strict: a client must continue exactly where the server stands.
            var drained = await ReadAsync(context, session, persist: 0, readLimit: long.MaxValue);
            session.OffsetErrors++;
            Log(context, 400, drained, null);
            await Error(context, 400, "offsetMismatch");
            return;
        }

        session.Chunks++;
        session.ChunkRanges.Enqueue(context.Request.Headers["Content-Range"].ToString());
        var chunkLength = range.Last!.Value - range.First.Value + 1;
        var fault = Faults?.Invoke(new ChunkInfo(session, session.Chunks, range.First.Value, range.Last.Value, range.Total));
        switch (fault)
        {
            case { Status: { } status }:
            {
                var drained = await ReadAsync(context, session, persist: 0, readLimit: long.MaxValue);
                Log(context, status, drained, null);
                await Error(context, status, "backendError");
                return;
            }

            case { AbortAfter: { } after }:
            {
                // Read part of the chunk, keep (persist) some of it, then reset the connection mid-body.
                var read = await ReadAsync(context, session, fault.Persist, readLimit: after);
                Log(context, 0, read, null);
                context.Abort();
                return;
            }

            case { Accept: { } accept }:
            {
                // A 308 that confirms only part of the chunk: the rest must be sent again.
                var read = await ReadAsync(context, session, accept, readLimit: long.MaxValue);
                await AnswerStateAsync(context, session, read);
                return;
            }
        }

        var received = await ReadAsync(context, session, persist: chunkLength, readLimit: long.MaxValue);
        if (range.Total is { } total && session.Received == total)
        {
            session.Complete = true;
            session.Total = total;
        }

        await AnswerStateAsync(context, session, received);
    }

    private async Task AnswerStateAsync(HttpContext context, UploadSession session, long bodyBytes)
    {
        if (session.Complete)
        {
            var json = ObjectJson(NameOf(session), session.Received, session.ContentType);
            Log(context, 200, bodyBytes, null);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=UTF-8";
            await context.Response.WriteAsync(json);
            return;
        }

        context.Response.StatusCode = 308;
        if (session.Received > 0)
        {
            context.Response.Headers["Range"] = "bytes=0-" + (session.Received - 1).ToString(CultureInfo.InvariantCulture);
        }

        Log(context, 308, bodyBytes, null);
    }

    private static string NameOf(UploadSession session)
    {
        try
        {
            using var document = JsonDocument.Parse(session.Metadata.Length == 0 ? "{}" : session.Metadata);
            return document.RootElement.TryGetProperty("name", out var name) ? name.GetString() ?? "unnamed" : "unnamed";
        }
        catch (JsonException)
        {
            return "unnamed";
        }
    }

    /// <summary>Reads up to <paramref name="readLimit"/> body bytes; the first <paramref name="persist"/> are appended to the session.</summary>
    private static async Task<long> ReadAsync(HttpContext context, UploadSession session, long persist, long readLimit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long read = 0;
        try
        {
            while (read < readLimit)
            {
                int n;
                try
                {
                    n = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, readLimit - read)));
                }
                catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
                {
                    // The client went away mid-body; what arrived so far still counts.
                    break;
                }

                if (n == 0)
                {
                    break;
                }

                var keep = (int)Math.Clamp(persist - read, 0, n);
                session.Append(buffer.AsSpan(0, keep));
                read += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return read;
    }

    private async Task DownloadAsync(HttpContext context)
    {
        if (DownloadError is { } error)
        {
            Log(context, error, 0, null);
            await Error(context, error, "notFound");
            return;
        }

        var length = DownloadLength;
        long first = 0, last = length - 1;
        var status = 200;
        var rangeHeader = context.Request.Headers.Range.ToString();
        if (rangeHeader.Length > 0 && !IgnoreRange)
        {
            var spec = rangeHeader["bytes=".Length..];
            var dash = spec.IndexOf('-', StringComparison.Ordinal);
            var from = spec[..dash];
            var to = spec[(dash + 1)..];
            if (from.Length == 0)
            {
                first = Math.Max(0, length - long.Parse(to, CultureInfo.InvariantCulture));
            }
            else
            {
                first = long.Parse(from, CultureInfo.InvariantCulture);
                last = to.Length == 0 ? length - 1 : Math.Min(length - 1, long.Parse(to, CultureInfo.InvariantCulture));
            }

            status = 206;
            context.Response.Headers.ContentRange = $"bytes {first}-{last}/{length}";
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = last - first + 1;
        Log(context, status, 0, null);
        var source = new PseudoRandomStream(length, DownloadSeed, seekable: true) { Position = first };
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var remaining = last - first + 1;
            long sent = 0;
            while (remaining > 0)
            {
                if (sent >= DownloadStallAfter)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }

                var step = DownloadPacer is null ? buffer.Length : 64 * 1024;
                var n = source.Read(buffer.AsSpan(0, (int)Math.Min(step, Math.Min(remaining, (DownloadStallAfter ?? long.MaxValue) - sent))));
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted);
                remaining -= n;
                sent += n;
                if (DownloadPacer is { } pacer)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await pacer(sent, context.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task Error(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync($$$"""{"error":{"code":{{{status}}},"message":"{{{reason}}}","errors":[{"reason":"{{{reason}}}"}]}}""");
    }

    private void Log(HttpContext context, int status, long bodyBytes, string? body)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _exchanges.Enqueue(new Exchange(request.Method, target, headers, bodyBytes, body, status));
    }
}

/// <summary>One request the protocol code saw: its headers, how many body bytes were read, and the status answered (0: reset).</summary>
public sealed record Exchange(string Method, string Target, IReadOnlyDictionary<string, string> Headers, long BodyBytes, string? Body, int Status)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool IsStatusQuery => Method == "PUT" && Header("Content-Range") is { } range && range.StartsWith("bytes */", StringComparison.Ordinal);

    public bool IsChunk => Method == "PUT" && !IsStatusQuery;

    public override string ToString() => $"{Method} {Target} [{Header("Content-Range")}] {BodyBytes} B → {Status}";
}

/// <summary>A resumable session: what it was started with and a hash of the bytes it has persisted.</summary>
public sealed class UploadSession
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly object _gate = new();

    public UploadSession(string id, string metadata, string? contentType, long? declaredLength)
    {
        Id = id;
        Metadata = metadata;
        ContentType = contentType;
        DeclaredLength = declaredLength;
    }

    public string Id { get; }

    public string Metadata { get; }

    public string? ContentType { get; }

    public long? DeclaredLength { get; }

    public long Received { get; private set; }

    public long? Total { get; set; }

    public bool Complete { get; set; }

    public int Chunks { get; set; }

    public int OffsetErrors { get; set; }

    public ConcurrentQueue<string> StatusQueries { get; } = new();

    public ConcurrentQueue<string> ChunkRanges { get; } = new();

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            _hash.AppendData(bytes);
            Received += bytes.Length;
        }
    }

    /// <summary>SHA-256 of everything persisted (call once, at the end).</summary>
    public byte[] Hash()
    {
        lock (_gate)
        {
            return _hash.GetHashAndReset();
        }
    }
}

/// <summary>A chunk PUT as it arrives: its number in the session (1-based) and its range.</summary>
public sealed record ChunkInfo(UploadSession Session, int Number, long First, long Last, long? Total);

/// <summary>
/// What the server does with a chunk instead of taking it: answer <see cref="Status"/>; or read <see cref="AbortAfter"/>
/// bytes, persist the first <see cref="Persist"/> and reset the connection; or persist <see cref="Accept"/> bytes and
/// answer 308 confirming only those.
/// </summary>
public sealed record ChunkFault(int? Status = null, long? AbortAfter = null, long Persist = 0, long? Accept = null)
{
    public static ChunkFault Fail(int status) => new(Status: status);

    public static ChunkFault Reset(long after, long persist) => new(AbortAfter: after, Persist: persist);

    public static ChunkFault Partial(long accept) => new(Accept: accept);
}

/// <summary><c>Content-Range: bytes a-b/total</c>, <c>bytes a-b/*</c>, <c>bytes */total</c> or <c>bytes */*</c>.</summary>
public sealed record ContentRange(long? First, long? Last, long? Total)
{
    public static ContentRange? Parse(string? text)
    {
        if (text is null || !text.StartsWith("bytes ", StringComparison.Ordinal))
        {
            return null;
        }

        var spec = text["bytes ".Length..];
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var range = spec[..slash];
        var totalText = spec[(slash + 1)..];
        long? total = totalText == "*" ? null : long.Parse(totalText, CultureInfo.InvariantCulture);
        if (range == "*")
        {
            return new ContentRange(null, null, total);
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        return new ContentRange(long.Parse(range[..dash], CultureInfo.InvariantCulture), long.Parse(range[(dash + 1)..], CultureInfo.InvariantCulture), total);
    }
}
