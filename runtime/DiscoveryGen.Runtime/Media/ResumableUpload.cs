using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime;

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
        _policy = options?.Retry ?? client.Options.Retry;
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
                UriCheck.ThrowIfInsecure(saved, _client.Options, "upload");
                session = saved;
                step = await QueryAsync(session, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                session = await StartAsync(cancellationToken).ConfigureAwait(false);
                _upload.SessionStarted?.Invoke(session);
                step = Step.Continue(0);
            }

            // Progress counts only past the furthest byte the server ever confirmed: a server whose Range goes back
            // and forth (0-262143, then 0-0, …) makes no progress, and uses up the failure budget like an error.
            var failures = 0;
            var firstFailure = 0L;
            var furthest = -1L;
            var requests = 0;
            var afterFailure = false;
            while (true)
            {
                if (step.Done)
                {
                    _counter.Complete();
                    return step.Result!;
                }

                if (step.Offset > furthest)
                {
                    furthest = step.Offset;
                    failures = 0;
                    _counter.Confirmed(furthest);
                }
                else if (!afterFailure && ++failures >= _policy.MaxAttempts)
                {
                    throw NoProgress(step.Offset, furthest, failures);
                }

                afterFailure = false;
                cancellationToken.ThrowIfCancellationRequested();
                CountRequest(ref requests, furthest);
                try
                {
                    step = await SendChunkAsync(session, step.Offset, cancellationToken).ConfigureAwait(false);
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
                    CountRequest(ref requests, furthest);
                    step = await QueryAsync(session, cancellationToken).ConfigureAwait(false);
                    afterFailure = true;
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

    /// <summary>
    /// The most requests (chunks and status queries) an upload may make: twice the chunks the content needs plus
    /// <see cref="RetryPolicy.MaxAttempts"/>. That is room for every chunk to be sent twice and for the failures the
    /// retry policy allows; a server that confirms a sliver per request (1 byte of each 256 KiB chunk) runs out of it.
    /// While the length is unknown, the chunks needed are those up to the furthest confirmed byte, plus one.
    /// </summary>
    internal static long RequestBudget(long? total, long furthest, int chunkSize, int maxAttempts)
    {
        var chunks = total is { } t
            ? Math.Max(1, (t + chunkSize - 1) / chunkSize)
            : (Math.Max(furthest, 0) / chunkSize) + 1;
        return 2 * (chunks + maxAttempts);
    }

    private void CountRequest(ref int requests, long furthest)
    {
        var budget = RequestBudget(Total, furthest, _upload.ChunkSize, _policy.MaxAttempts);
        if (++requests > budget)
        {
            throw new IOException(
                $"{_request.Method.Id}: the upload server confirmed only {Bytes(Math.Max(furthest, 0))} after {(requests - 1).ToString(CultureInfo.InvariantCulture)} requests " +
                $"(at most {budget.ToString(CultureInfo.InvariantCulture)} for this upload: twice its chunks plus RetryPolicy.MaxAttempts); the upload was stopped.");
        }
    }

    private IOException NoProgress(long offset, long furthest, int failures) => new(
        offset < furthest
            ? $"{_request.Method.Id}: the upload server went back to byte {offset.ToString(CultureInfo.InvariantCulture)} after confirming {Bytes(furthest)}, {failures.ToString(CultureInfo.InvariantCulture)} times without progress (RetryPolicy.MaxAttempts); the upload was stopped."
            : $"{_request.Method.Id}: the upload server took none of the chunk at byte {offset.ToString(CultureInfo.InvariantCulture)} {failures.ToString(CultureInfo.InvariantCulture)} times (RetryPolicy.MaxAttempts); the upload was stopped.");

    private static string Bytes(long count) => count.ToString(CultureInfo.InvariantCulture) + " bytes";

    /// <summary>Starts the session: the method's verb to the resumable path with the metadata; the answer's Location is the session URI.</summary>
    private Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>(2) { new("X-Upload-Content-Type", _contentType.ToString()) };
        if (Total is { } total)
        {
            headers.Add(new("X-Upload-Content-Length", total.ToString(CultureInfo.InvariantCulture)));
        }

        var call = new CallContext<Uri>(_client, _request, _options, (answer, _) =>
        {
            var message = answer.Response!;
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

            UriCheck.ThrowIfInsecure(location, _client.Options, "Location");
            return new ValueTask<Uri>(location);
        })
        {
            UploadPath = _request.ResumableUploadPath,
            UploadType = "resumable",
            TransferHeaders = headers,

            // Starting a session has no effect until media arrives (an unused session expires), so repeating it is safe.
            TransferIdempotent = true,
            Template = _template,
        };
        return _client.Pipeline.SendAsync(call, cancellationToken);
    }

    /// <summary>Sends the chunk starting at <paramref name="offset"/>.</summary>
    private async Task<Step> SendChunkAsync(Uri session, long offset, CancellationToken cancellationToken)
    {
        var (content, length) = await PrepareChunkAsync(offset, cancellationToken).ConfigureAwait(false);
        var total = Total;
        var range = length == 0
            ? $"bytes */{Format(total)}"
            : $"bytes {offset.ToString(CultureInfo.InvariantCulture)}-{(offset + length - 1).ToString(CultureInfo.InvariantCulture)}/{Format(total)}";
        var call = new CallContext<Step>(_client, _request, _options, ReadStepAsync)
        {
            SessionUri = session,
            TransferVerb = HttpMethod.Put,
            Content = () =>
            {
                var body = content();
                body.Headers.TryAddWithoutValidation("Content-Range", range);
                return body;
            },

            // A failed chunk is not repeated blindly: the server may have kept part of it. RunAsync asks first.
            TransferRetry = RetryPolicy.None,
            AlsoAccept = 308,
            Template = _template,
        };
        return await _client.Pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the server how many bytes it has: an empty PUT with <c>Content-Range: bytes */total</c>.</summary>
    private Task<Step> QueryAsync(Uri session, CancellationToken cancellationToken)
    {
        var range = $"bytes */{Format(Total)}";
        var call = new CallContext<Step>(_client, _request, _options, ReadStepAsync)
        {
            SessionUri = session,
            TransferVerb = HttpMethod.Put,
            Content = () =>
            {
                var empty = new ByteArrayContent(Array.Empty<byte>());
                empty.Headers.TryAddWithoutValidation("Content-Range", range);
                return empty;
            },
            AlsoAccept = 308,
            Template = _template,
        };
        return _client.Pipeline.SendAsync(call, cancellationToken);
    }

    /// <summary>308: continue after the confirmed range (none: from 0). 200/201: done, with the method's response.</summary>
    private async ValueTask<Step> ReadStepAsync(CallContext call, CancellationToken cancellationToken)
    {
        var message = call.Response!;
        if ((int)message.StatusCode != 308)
        {
            return Step.Finished(_read is null ? default! : await call.ReadJsonAsync(_read, cancellationToken).ConfigureAwait(false));
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
