using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>How media is sent to a method with <c>mediaUpload</c>.</summary>
public enum MediaUploadProtocol
{
    /// <summary>
    /// Content of known length up to <see cref="MediaUploadOptions.ResumableThreshold"/>: simple (no metadata) or
    /// multipart (with metadata). Larger content, or a stream that cannot seek: resumable, when the method offers it.
    /// </summary>
    Auto,

    /// <summary>One request carrying only the media (<c>uploadType=media</c>); no metadata.</summary>
    Simple,

    /// <summary>One <c>multipart/related</c> request: the JSON metadata, then the media (<c>uploadType=multipart</c>).</summary>
    Multipart,

    /// <summary>
    /// A session (<c>uploadType=resumable</c>) then the media in chunks, resuming after server errors and dropped
    /// connections from the byte the server confirms.
    /// </summary>
    Resumable,
}

/// <summary>Upload progress: bytes sent (for a resumable upload, bytes the server confirmed) and the total when known.</summary>
/// <param name="BytesSent">Bytes sent so far.</param>
/// <param name="TotalBytes">The content's length; null while it is unknown (a stream that cannot seek).</param>
public readonly record struct MediaUploadProgress(long BytesSent, long? TotalBytes);

/// <summary>Settings of one media upload. Null (the generated methods' default) means the defaults below.</summary>
public sealed class MediaUploadOptions
{
    /// <summary>Resumable chunks (all but the last) are multiples of this: 256 KiB, as Google's upload servers require.</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>The default <see cref="ChunkSize"/>: 8 MiB.</summary>
    public const int DefaultChunkSize = 8 * 1024 * 1024;

    /// <summary>The default <see cref="ResumableThreshold"/>: 5 MiB, where Google's guides switch to resumable uploads.</summary>
    public const long DefaultResumableThreshold = 5 * 1024 * 1024;

    /// <summary>The protocol; <see cref="MediaUploadProtocol.Auto"/> by default.</summary>
    public MediaUploadProtocol Protocol { get; set; } = MediaUploadProtocol.Auto;

    /// <summary>
    /// Bytes per resumable chunk; a positive multiple of <see cref="ChunkGranularity"/>. A stream that cannot seek is
    /// read one chunk at a time into a pooled buffer of this size (so a failed chunk can be sent again); a seekable
    /// stream is read straight from its position, never buffered.
    /// </summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>With <see cref="MediaUploadProtocol.Auto"/>: content longer than this (bytes) is uploaded resumably.</summary>
    public long ResumableThreshold { get; set; } = DefaultResumableThreshold;

    /// <summary>Receives progress: for resumable uploads after each chunk the server confirms, otherwise about every MiB sent; always once at the end.</summary>
    public IProgress<MediaUploadProgress>? Progress { get; set; }

    /// <summary>
    /// A session URI saved from an earlier resumable upload (see <see cref="SessionStarted"/>): the upload asks the
    /// server how much it has (<c>Content-Range: bytes */N</c>) and continues from there instead of starting a new
    /// session. The stream must present the same content from its beginning; it is skipped forward to the server's
    /// offset (by seeking, or by reading when it cannot seek). The metadata is not sent again.
    /// </summary>
    public Uri? ResumeSessionUri { get; set; }

    /// <summary>
    /// Called with the session URI as soon as a resumable upload has one (before any media is sent), so it can be
    /// saved and passed back as <see cref="ResumeSessionUri"/> after a crash. The URI is a credential: whoever holds
    /// it can write to the upload. Keep it where you keep tokens.
    /// </summary>
    public Action<Uri>? SessionStarted { get; set; }

    internal void Validate()
    {
        if (ChunkSize <= 0 || ChunkSize % ChunkGranularity != 0 || ChunkSize > 1024 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize,
                "MediaUploadOptions.ChunkSize must be a positive multiple of 262144 bytes (256 KiB), at most 1 GiB.");
        }

        if (ResumableThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ResumableThreshold), ResumableThreshold, "MediaUploadOptions.ResumableThreshold must not be negative.");
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "Unknown MediaUploadProtocol.");
        }
    }
}

/// <summary>Chooses the protocol, checks <c>accept</c>/<c>maxSize</c>, and runs simple, multipart and resumable uploads.</summary>
internal static class MediaUploader
{
    private static readonly MediaUploadOptions Defaults = new();
    private static readonly MediaTypeHeaderValue MetadataContentType = MediaTypeHeaderValue.Parse("application/json; charset=UTF-8");

    public static Task<T> UploadAsync<T>(
        ApiClient client,
        ApiRequest request,
        Stream media,
        string contentType,
        MediaUploadOptions? upload,
        RequestOptions? options,
        JsonReadFunc<T>? read,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(contentType);
        upload ??= Defaults;
        upload.Validate();
        var method = request.Method;
        var info = method.MediaUpload ?? throw new ArgumentException($"{method.Id} does not accept media uploads.", nameof(request));
        var type = CheckContentType(info, contentType, method.Id);
        if (!media.CanRead)
        {
            throw new ArgumentException("The media stream cannot be read.", nameof(media));
        }

        var source = new MediaSource(media);
        if (source.Length is { } length && info.MaxSize is { } max && length > max)
        {
            throw new ArgumentException(
                $"{method.Id} accepts at most {max.ToString(CultureInfo.InvariantCulture)} bytes (maxSize); the media has {length.ToString(CultureInfo.InvariantCulture)}. Nothing was sent.",
                nameof(media));
        }

        var protocol = Choose(request, source, upload, method.Id);
        var counter = new UploadCounter(upload.Progress, source.Length, info.MaxSize, method.Id);
        return protocol == MediaUploadProtocol.Resumable
            ? new ResumableUpload<T>(client, request, source, type, upload, options, read, counter).RunAsync(cancellationToken)
            : SendDirectAsync(client, request, source, type, protocol, options, read, counter, cancellationToken);
    }

    /// <summary>The protocol for this upload; throws when the caller's choice cannot work for this method.</summary>
    internal static MediaUploadProtocol Choose(ApiRequest request, MediaSource source, MediaUploadOptions upload, string methodId)
    {
        var hasMetadata = request.JsonBody is not null;
        var direct = request.SimpleUploadPath is not null;
        var resumable = request.ResumableUploadPath is not null;
        if (upload.ResumeSessionUri is not null)
        {
            return upload.Protocol is MediaUploadProtocol.Auto or MediaUploadProtocol.Resumable
                ? MediaUploadProtocol.Resumable
                : throw new ArgumentException($"ResumeSessionUri continues a resumable upload; Protocol {upload.Protocol} cannot use it.", nameof(upload));
        }

        switch (upload.Protocol)
        {
            case MediaUploadProtocol.Simple when hasMetadata:
                throw new ArgumentException("A simple upload (uploadType=media) carries no metadata: pass no body, or use Multipart or Resumable.", nameof(upload));
            case MediaUploadProtocol.Multipart when !hasMetadata:
                throw new ArgumentException("A multipart upload needs metadata (the request body): pass one, or use Simple or Resumable.", nameof(upload));
            case MediaUploadProtocol.Simple or MediaUploadProtocol.Multipart when !direct:
                throw new ArgumentException($"{methodId} offers no simple or multipart upload (no mediaUpload.protocols.simple).", nameof(upload));
            case MediaUploadProtocol.Resumable when !resumable:
                throw new ArgumentException($"{methodId} offers no resumable upload (no mediaUpload.protocols.resumable).", nameof(upload));
            case MediaUploadProtocol.Simple or MediaUploadProtocol.Multipart or MediaUploadProtocol.Resumable:
                return upload.Protocol;
        }

        var small = source.Length is { } length && length <= upload.ResumableThreshold;
        if (resumable && (!small || !direct))
        {
            return MediaUploadProtocol.Resumable;
        }

        return direct
            ? hasMetadata ? MediaUploadProtocol.Multipart : MediaUploadProtocol.Simple
            : throw new ArgumentException($"{methodId} declares no upload protocol path.", nameof(request));
    }

    /// <summary>Parses the content type and checks it against the method's <c>accept</c> media ranges.</summary>
    internal static MediaTypeHeaderValue CheckContentType(MediaUploadInfo info, string contentType, string methodId)
    {
        HeaderCheck.ThrowIfInvalid("Content-Type", contentType);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType is not { } mediaType || mediaType.IndexOf('/', StringComparison.Ordinal) <= 0)
        {
            throw new ArgumentException($"'{contentType}' is not a media type (type/subtype).", nameof(contentType));
        }

        if (info.Accept.Count == 0)
        {
            return parsed;
        }

        foreach (var range in info.Accept)
        {
            if (MediaRangeMatches(range, mediaType))
            {
                return parsed;
            }
        }

        throw new ArgumentException(
            $"{methodId} accepts {string.Join(", ", info.Accept)}; '{mediaType}' is not among them. Nothing was sent.", nameof(contentType));
    }

    /// <summary>Whether a media range (<c>*/*</c>, <c>image/*</c>, <c>image/png</c>) covers a media type; case-insensitive, parameters ignored.</summary>
    internal static bool MediaRangeMatches(string range, string mediaType)
    {
        var semicolon = range.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon >= 0 ? range[..semicolon] : range).Trim();
        if (bare == "*/*" || bare == "*")
        {
            return true;
        }

        if (bare.EndsWith("/*", StringComparison.Ordinal))
        {
            var prefix = bare[..^1];
            return mediaType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(bare, mediaType, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<T> SendDirectAsync<T>(
        ApiClient client,
        ApiRequest request,
        MediaSource source,
        MediaTypeHeaderValue contentType,
        MediaUploadProtocol protocol,
        RequestOptions? options,
        JsonReadFunc<T>? read,
        UploadCounter counter,
        CancellationToken cancellationToken)
    {
        var multipart = protocol == MediaUploadProtocol.Multipart;
        var metadata = request.JsonBody;
        var transfer = new TransferRequest
        {
            UploadPath = request.SimpleUploadPath,
            UploadType = multipart ? "multipart" : "media",
            Content = () =>
            {
                var media = new MediaContent(source, offset: 0, source.Length, counter);
                media.Headers.ContentType = contentType;
                if (!multipart)
                {
                    return media;
                }

                // multipart/related (RFC 2387): the JSON metadata part first, then the media part.
                var related = new MultipartContent("related", "dg_" + Guid.NewGuid().ToString("N"));
                var json = new ReadOnlyMemoryContent(metadata!.Value);
                json.Headers.ContentType = MetadataContentType;
                related.Add(json);
                related.Add(media);
                return related;
            },
            Replayable = source.CanSeek,
            Template = request.Method.MediaUpload!.SimplePath,
        };

        try
        {
            var result = await client.SendTransferAsync(request, options, transfer, (response, token) => ReadResultAsync(response, read, token), cancellationToken).ConfigureAwait(false);
            counter.Complete();
            return result;
        }
        catch (Exception ex) when (counter.TooLarge is { } tooLarge && ex != tooLarge)
        {
            throw tooLarge;
        }
    }

    internal static Task<T> ReadResultAsync<T>(TransferResponse response, JsonReadFunc<T>? read, CancellationToken cancellationToken) =>
        read is null ? Task.FromResult(default(T)!) : response.ReadJsonAsync(read, cancellationToken);

    /// <summary>Whether a failed upload request is worth resuming: retryable statuses, broken connections, timeouts.</summary>
    internal static bool IsResumable(Exception exception, RetryPolicy policy) => exception switch
    {
        ApiException api => policy.RetryableStatusCodes.Contains((int)api.StatusCode),
        ApiTimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };
}

/// <summary>The caller's stream as upload content: where it starts, how long it is, and reading it once or by offset.</summary>
internal sealed class MediaSource
{
    private readonly Stream _stream;
    private readonly long _start;
    private long _consumed;

    public MediaSource(Stream stream)
    {
        _stream = stream;
        CanSeek = stream.CanSeek;
        if (CanSeek)
        {
            _start = stream.Position;
            Length = Math.Max(0, stream.Length - _start);
        }
    }

    /// <summary>True when any offset can be read again (the stream seeks).</summary>
    public bool CanSeek { get; }

    /// <summary>Bytes from the stream's position to its end; null when the stream cannot seek.</summary>
    public long? Length { get; }

    /// <summary>
    /// Copies <paramref name="count"/> bytes (null: to the end) from <paramref name="offset"/> to <paramref name="target"/>
    /// through one pooled buffer. A stream that cannot seek must be read in order: only forward skips are allowed.
    /// </summary>
    public async Task CopyAsync(Stream target, long offset, long? count, UploadCounter? counter, CancellationToken cancellationToken)
    {
        await MoveToAsync(offset, cancellationToken).ConfigureAwait(false);
        counter?.Restart(offset);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var remaining = count ?? long.MaxValue;
            while (remaining > 0)
            {
                var read = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (count is not null)
                    {
                        throw new IOException(
                            $"The media stream ended {remaining.ToString(CultureInfo.InvariantCulture)} bytes before the length it declared.");
                    }

                    break;
                }

                _consumed += read;
                counter?.Add(read);
                remaining -= read;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads up to <paramref name="into"/>.Length bytes at the current position (stops early only at the end).</summary>
    public async Task<int> FillAsync(Memory<byte> into, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < into.Length)
        {
            var read = await _stream.ReadAsync(into[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        _consumed += total;
        return total;
    }

    /// <summary>Positions the stream at <paramref name="offset"/> bytes into the content.</summary>
    public async Task MoveToAsync(long offset, CancellationToken cancellationToken)
    {
        if (CanSeek)
        {
            _stream.Position = _start + offset;
            _consumed = offset;
            return;
        }

        if (offset < _consumed)
        {
            throw new InvalidOperationException(
                $"The media stream cannot seek, and byte {offset.ToString(CultureInfo.InvariantCulture)} was already read; it cannot be sent again.");
        }

        if (offset > _consumed)
        {
            var skip = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (_consumed < offset)
                {
                    var read = await _stream.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, offset - _consumed)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException(
                            $"The media stream ended at byte {_consumed.ToString(CultureInfo.InvariantCulture)}, before the server's offset {offset.ToString(CultureInfo.InvariantCulture)}.");
                    }

                    _consumed += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(skip);
            }
        }
    }
}

/// <summary>Media as an HTTP body: streamed from the source (never buffered whole), counted, never disposing the source.</summary>
internal sealed class MediaContent : HttpContent
{
    private readonly MediaSource _source;
    private readonly long _offset;
    private readonly long? _count;
    private readonly UploadCounter? _counter;

    public MediaContent(MediaSource source, long offset, long? count, UploadCounter? counter)
    {
        _source = source;
        _offset = offset;
        _count = count;
        _counter = counter;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _source.CopyAsync(stream, _offset, _count, _counter, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _count ?? 0;
        return _count is not null;
    }
}

/// <summary>Counts bytes sent, enforces <c>maxSize</c> for content of unknown length, and reports progress.</summary>
internal sealed class UploadCounter
{
    private const long ReportEvery = 1024 * 1024;
    private readonly IProgress<MediaUploadProgress>? _progress;
    private readonly long? _maxSize;
    private readonly string _methodId;
    private long _position;
    private long _lastReported = -1;

    public UploadCounter(IProgress<MediaUploadProgress>? progress, long? total, long? maxSize, string methodId)
    {
        _progress = progress;
        Total = total;
        _maxSize = maxSize;
        _methodId = methodId;
    }

    /// <summary>The content's length once known.</summary>
    public long? Total { get; set; }

    /// <summary>Set when content of unknown length passed <c>maxSize</c>; the upload fails with it.</summary>
    public ArgumentException? TooLarge { get; private set; }

    /// <summary>Starts counting at <paramref name="offset"/> (a request sending from there began).</summary>
    public void Restart(long offset) => _position = offset;

    /// <summary>Counts bytes read from the source; throws once they pass <c>maxSize</c>.</summary>
    public void Add(int bytes)
    {
        _position += bytes;
        CheckLength(_position);
        if (_progress is not null && _position - _lastReported >= ReportEvery)
        {
            Report(_position);
        }
    }

    /// <summary>Throws when content of at least <paramref name="bytes"/> bytes is over <c>maxSize</c>.</summary>
    public void CheckLength(long bytes)
    {
        if (_maxSize is { } max && bytes > max)
        {
            TooLarge = new ArgumentException(
                $"{_methodId} accepts at most {max.ToString(CultureInfo.InvariantCulture)} bytes (maxSize); the media stream is longer. The upload was stopped.",
                "media");
            throw TooLarge;
        }
    }

    /// <summary>Reports a position the server confirmed (resumable uploads).</summary>
    public void Confirmed(long offset)
    {
        if (offset != _lastReported)
        {
            Report(offset);
        }
    }

    /// <summary>Reports the end: every byte sent.</summary>
    public void Complete() => Confirmed(Total ?? _position);

    private void Report(long position)
    {
        _lastReported = position;
        _progress?.Report(new MediaUploadProgress(position, Total));
    }
}

/// <summary>
/// One resumable upload (Google's resumable media protocol): start a session (or pick up a saved one), send chunks
/// with <c>Content-Range: bytes a-b/total</c>, continue after a 308 from the byte its <c>Range</c> confirms, and after a
/// retryable failure ask the server where it stands (<c>Content-Range: bytes */total</c>) before sending again.
/// </summary>
internal sealed class ResumableUpload<T>
{
    private readonly ApiClient _client;
    private readonly ApiRequest _request;
    private readonly MediaSource _source;
    private readonly MediaTypeHeaderValue _contentType;
    private readonly MediaUploadOptions _upload;
    private readonly RequestOptions? _options;
    private readonly JsonReadFunc<T>? _read;
    private readonly UploadCounter _counter;
    private readonly RetryPolicy _policy;
    private readonly string? _template;

    // The chunk buffer of a stream that cannot seek: content bytes [_bufferStart, _bufferStart + _buffered).
    private byte[]? _buffer;
    private long _bufferStart;
    private int _buffered;
    private byte? _lookahead;
    private bool _ended;

    public ResumableUpload(
        ApiClient client,
        ApiRequest request,
        MediaSource source,
        MediaTypeHeaderValue contentType,
        MediaUploadOptions upload,
        RequestOptions? options,
        JsonReadFunc<T>? read,
        UploadCounter counter)
    {
        _client = client;
        _request = request;
        _source = source;
        _contentType = contentType;
        _upload = upload;
        _options = options;
        _read = read;
        _counter = counter;
        _policy = client.PolicyFor(options);
        _policy.Validate();
        _template = request.Method.MediaUpload!.ResumablePath;
    }

    private long? Total => _counter.Total;

    public async Task<T> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            Step step;
            Uri session;
            if (_upload.ResumeSessionUri is { } saved)
            {
                _client.ThrowIfInsecure(saved, "upload");
                session = saved;
                step = await QueryAsync(session, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                session = await StartAsync(cancellationToken).ConfigureAwait(false);
                _upload.SessionStarted?.Invoke(session);
                step = Step.Continue(0);
            }

            var failures = 0;
            var firstFailure = 0L;
            var confirmed = -1L;
            while (true)
            {
                if (step.Done)
                {
                    _counter.Complete();
                    return step.Result!;
                }

                if (step.Offset > confirmed)
                {
                    // Progress: the failure count starts again.
                    failures = 0;
                    _counter.Confirmed(step.Offset);
                }

                confirmed = step.Offset;
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    step = await SendChunkAsync(session, confirmed, cancellationToken).ConfigureAwait(false);
                    if (!step.Done && step.Offset <= confirmed && ++failures >= _policy.MaxAttempts)
                    {
                        // A server that keeps taking none of the chunk must not loop forever.
                        throw new IOException(
                            $"{_request.Method.Id}: the upload server took none of the chunk at byte {confirmed.ToString(CultureInfo.InvariantCulture)} {failures.ToString(CultureInfo.InvariantCulture)} times.");
                    }
                }
                catch (Exception ex) when (MediaUploader.IsResumable(ex, _policy) && !cancellationToken.IsCancellationRequested && _counter.TooLarge is null)
                {
                    var time = _client.Options.TimeProvider;
                    if (failures == 0)
                    {
                        firstFailure = time.GetTimestamp();
                    }

                    failures++;
                    var delay = _policy.ComputeBackoff(failures, Random.Shared);
                    if ((ex as ApiException)?.RetryAfter is { } server && server > delay)
                    {
                        delay = server;
                    }

                    if (failures >= _policy.MaxAttempts ||
                        (_policy.TotalBudget is { } budget && time.GetElapsedTime(firstFailure) + delay > budget))
                    {
                        ExceptionDispatchInfo.Capture(ex).Throw();
                    }

                    // The server may have kept part of the failed chunk: ask before sending again.
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    step = await QueryAsync(session, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
    }

    /// <summary>Starts the session: the method's verb to the resumable path with the metadata; the answer's Location is the session URI.</summary>
    private Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>(2) { new("X-Upload-Content-Type", _contentType.ToString()) };
        if (Total is { } total)
        {
            headers.Add(new("X-Upload-Content-Length", total.ToString(CultureInfo.InvariantCulture)));
        }

        var transfer = new TransferRequest
        {
            UploadPath = _request.ResumableUploadPath,
            UploadType = "resumable",
            Headers = headers,

            // Starting a session has no effect until media arrives (an unused session expires), so repeating it is safe.
            Idempotent = true,
            Template = _template,
        };
        return _client.SendTransferAsync(_request, _options, transfer, (response, _) =>
        {
            var message = response.Message;
            if (message.Headers.Location is not { } location)
            {
                throw new ApiException(_request.Method.Id, message.StatusCode, error: null, rawBody: null,
                    $"{_request.Method.Id}: the server answered the resumable upload start with HTTP {(int)message.StatusCode} but no Location header (session URI).")
                {
                    HttpMethod = _request.Method.HttpMethodName,
                };
            }

            if (!location.IsAbsoluteUri && message.RequestMessage?.RequestUri is { } requestUri)
            {
                location = new Uri(requestUri, location);
            }

            _client.ThrowIfInsecure(location, "Location");
            return Task.FromResult(location);
        }, cancellationToken);
    }

    /// <summary>Sends the chunk starting at <paramref name="offset"/>.</summary>
    private async Task<Step> SendChunkAsync(Uri session, long offset, CancellationToken cancellationToken)
    {
        var (content, length) = await PrepareChunkAsync(offset, cancellationToken).ConfigureAwait(false);
        var total = Total;
        var range = length == 0
            ? $"bytes */{Format(total)}"
            : $"bytes {offset.ToString(CultureInfo.InvariantCulture)}-{(offset + length - 1).ToString(CultureInfo.InvariantCulture)}/{Format(total)}";
        var transfer = new TransferRequest
        {
            SessionUri = session,
            Method = HttpMethod.Put,
            Content = () =>
            {
                var body = content();
                body.Headers.TryAddWithoutValidation("Content-Range", range);
                return body;
            },

            // A failed chunk is not repeated blindly: the server may have kept part of it. RunAsync asks first.
            Retry = RetryPolicy.None,
            AlsoAccept = 308,
            Template = _template,
        };
        return await _client.SendTransferAsync(_request, _options, transfer, ReadStepAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the server how many bytes it has: an empty PUT with <c>Content-Range: bytes */total</c>.</summary>
    private Task<Step> QueryAsync(Uri session, CancellationToken cancellationToken)
    {
        var range = $"bytes */{Format(Total)}";
        var transfer = new TransferRequest
        {
            SessionUri = session,
            Method = HttpMethod.Put,
            Content = () =>
            {
                var empty = new ByteArrayContent(Array.Empty<byte>());
                empty.Headers.TryAddWithoutValidation("Content-Range", range);
                return empty;
            },
            AlsoAccept = 308,
            Template = _template,
        };
        return _client.SendTransferAsync(_request, _options, transfer, ReadStepAsync, cancellationToken);
    }

    /// <summary>308: continue after the confirmed range (none: from 0). 200/201: done, with the method's response.</summary>
    private async Task<Step> ReadStepAsync(TransferResponse response, CancellationToken cancellationToken)
    {
        var message = response.Message;
        if ((int)message.StatusCode != 308)
        {
            return Step.Finished(await MediaUploader.ReadResultAsync(response, _read, cancellationToken).ConfigureAwait(false));
        }

        var next = 0L;
        if (message.Headers.NonValidated.TryGetValues("Range", out var values))
        {
            foreach (var value in values)
            {
                next = ParseRangeEnd(value) + 1;
                break;
            }
        }

        return Step.Continue(next);
    }

    /// <summary>The last byte of <c>bytes=0-N</c>.</summary>
    private long ParseRangeEnd(string value)
    {
        var text = value.Trim();
        var dash = text.LastIndexOf('-');
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || dash < 0 ||
            !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end) ||
            (Total is { } total && end >= total))
        {
            throw new IOException($"{_request.Method.Id}: the upload server sent an unusable Range header '{text}'.");
        }

        return end;
    }

    /// <summary>The body for the chunk at <paramref name="offset"/> and its length; sets the total when the end is reached.</summary>
    private async Task<(Func<HttpContent> Content, int Length)> PrepareChunkAsync(long offset, CancellationToken cancellationToken)
    {
        var chunkSize = _upload.ChunkSize;
        if (_source.CanSeek)
        {
            // Read straight from the stream at the offset, for each attempt: nothing is buffered.
            var length = (int)Math.Min(chunkSize, Total!.Value - offset);
            return (() => new MediaContent(_source, offset, length, counter: null), length);
        }

        // A stream that cannot seek: keep the current chunk in a pooled buffer for a resend, and read one byte
        // ahead (kept apart, so the buffer is exactly ChunkSize) to know whether the chunk is the last.
        _buffer ??= ArrayPool<byte>.Shared.Rent(chunkSize);
        if (offset < _bufferStart)
        {
            throw new IOException(
                $"{_request.Method.Id}: the upload server reports {offset.ToString(CultureInfo.InvariantCulture)} bytes, fewer than it confirmed before; a stream that cannot seek cannot send them again.");
        }

        if (offset >= _bufferStart + _buffered)
        {
            // Past everything buffered (a saved session the server already has part of): skip forward in the stream.
            // At exactly the end of the buffer the byte read ahead is the next one, so it is kept.
            if (offset > _bufferStart + _buffered)
            {
                _lookahead = null;
                await _source.MoveToAsync(offset, cancellationToken).ConfigureAwait(false);
            }

            _bufferStart = offset;
            _buffered = 0;
        }
        else if (offset > _bufferStart)
        {
            var drop = (int)(offset - _bufferStart);
            Buffer.BlockCopy(_buffer, drop, _buffer, 0, _buffered - drop);
            _buffered -= drop;
            _bufferStart = offset;
        }

        if (_lookahead is { } ahead && _buffered < chunkSize)
        {
            _buffer[_buffered++] = ahead;
            _lookahead = null;
        }

        if (!_ended && _buffered < chunkSize)
        {
            _buffered += await _source.FillAsync(_buffer.AsMemory(_buffered, chunkSize - _buffered), cancellationToken).ConfigureAwait(false);
            _ended = _buffered < chunkSize;
        }

        if (!_ended && _lookahead is null)
        {
            var one = new byte[1];
            if (await _source.FillAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                _ended = true;
            }
            else
            {
                _lookahead = one[0];
            }
        }

        // The content is at least this long: over maxSize fails before the chunk is sent.
        _counter.CheckLength(_bufferStart + _buffered + (_lookahead is null ? 0 : 1));
        if (_ended && _lookahead is null)
        {
            _counter.Total = _bufferStart + _buffered;
        }

        var memory = _buffer.AsMemory(0, _buffered);
        return (() => new ReadOnlyMemoryContent(memory), memory.Length);
    }

    private static string Format(long? total) => total is { } t ? t.ToString(CultureInfo.InvariantCulture) : "*";

    private readonly record struct Step(bool Done, long Offset, T? Result)
    {
        public static Step Continue(long offset) => new(false, offset, default);

        public static Step Finished(T result) => new(true, 0, result);
    }
}
