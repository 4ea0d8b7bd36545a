using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime;

/// <summary>Sends a method with <c>alt=media</c> and copies the body to a stream as it arrives.</summary>
internal static class MediaDownloader
{
    private const int BufferSize = 81920;
    private const long ReportEvery = 1024 * 1024;

    public static async Task DownloadAsync(
        ApiClient client,
        ApiRequest request,
        Stream destination,
        MediaDownloadOptions? download,
        RequestOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        if (!request.Method.SupportsMediaDownload)
        {
            throw new ArgumentException($"{request.Method.Id} does not support media download.", nameof(request));
        }

        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        }

        download?.Validate();
        var range = download?.Range;
        List<KeyValuePair<string, string>>? headers = null;
        if (range is not null)
        {
            if ((range.From is null && range.To is null) || range.From < 0 || range.To < 0 || (range.From is { } from && range.To is { } to && from > to))
            {
                throw new ArgumentException($"'bytes={range}' is not a usable byte range.", nameof(download));
            }

            headers = new List<KeyValuePair<string, string>>(1) { new("Range", "bytes=" + range) };
        }

        // The pipeline (auth, retries, errors) runs until the response headers; the body is then the caller's to copy.
        var call = new CallContext<HttpResponseMessage>(client, request, options, static (c, _) => new ValueTask<HttpResponseMessage>(c.TakeResponse()))
        {
            Alt = "media",
            TransferHeaders = headers,
        };
        using var response = await client.Pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false);
        if (range is not null && response.StatusCode != HttpStatusCode.PartialContent)
        {
            throw new IOException(
                $"{request.Method.Id}: asked for bytes={range} but the server answered HTTP {(int)response.StatusCode}, not 206 Partial Content; nothing was written.");
        }

        var encoding = range is null ? ResponseReader.DecodedEncoding(response.Content, client.Options) : null;
        var limit = download?.MaxSize;
        if (limit is { } max && encoding is null && response.Content.Headers.ContentLength is { } declared && declared > max)
        {
            throw TooLarge(call, response, max, $"its Content-Length is {declared.ToString(CultureInfo.InvariantCulture)}; nothing was written");
        }

        await using var raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var body = ResponseReader.Decode(raw, encoding);
        await new Copy(call, response, download).RunAsync(body, destination, cancellationToken).ConfigureAwait(false);
    }

    private static ApiException TooLarge(CallContext call, HttpResponseMessage response, long limit, string detail) =>
        new(
            call.MethodId,
            response.StatusCode,
            error: null,
            rawBody: null,
            $"{call.MethodId}: the media download is larger than MediaDownloadOptions.MaxSize ({limit.ToString(CultureInfo.InvariantCulture)} bytes, counted after decompression): {detail}.")
        {
            HttpMethod = call.VerbName,
            ClientRequestId = call.Request.RequestId,
        };

    /// <summary>
    /// Copies the body through one pooled buffer, never holding more than it, under the call's deadline (what remains of
    /// the call's timeout once the headers arrived bounds the whole body), the read timeout (each read) and the size limit.
    /// </summary>
    private sealed class Copy
    {
        private readonly CallContext _call;
        private readonly HttpResponseMessage _response;
        private readonly IProgress<long>? _progress;
        private readonly long? _limit;
        private readonly TimeSpan? _readTimeout;
        private long _written;

        public Copy(CallContext call, HttpResponseMessage response, MediaDownloadOptions? download)
        {
            _call = call;
            _response = response;
            _progress = download?.Progress;
            _limit = download?.MaxSize;
            _readTimeout = download?.EffectiveReadTimeout;
        }

        public async Task RunAsync(Stream body, Stream destination, CancellationToken cancellationToken)
        {
            var time = _call.Client.Options.TimeProvider;
            var remaining = _call.Timeout is { } timeout ? timeout - time.GetElapsedTime(_call.Started) : (TimeSpan?)null;
            if (remaining <= TimeSpan.Zero)
            {
                throw CallTimedOut(null);
            }

            // Created with their delays so their timers are the client's TimeProvider's; CancelAfter restarts the read timer.
            using var deadline = remaining is { } left ? new CancellationTokenSource(left, time) : null;
            using var idle = _readTimeout is { } read ? new CancellationTokenSource(read, time) : null;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(
                cancellationToken, deadline?.Token ?? CancellationToken.None, idle?.Token ?? CancellationToken.None);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            long reported = 0;
            try
            {
                while (true)
                {
                    idle?.CancelAfter(_readTimeout!.Value);
                    var count = await body.ReadAsync(buffer.AsMemory(0, BufferSize), linked.Token).ConfigureAwait(false);
                    if (count == 0)
                    {
                        break;
                    }

                    if (_limit is { } max && _written + count > max)
                    {
                        throw TooLarge(_call, _response, max, $"the first {_written.ToString(CultureInfo.InvariantCulture)} bytes were written and the download was stopped");
                    }

                    idle?.CancelAfter(Timeout.InfiniteTimeSpan);
                    await destination.WriteAsync(buffer.AsMemory(0, count), linked.Token).ConfigureAwait(false);
                    _written += count;
                    if (_progress is not null && _written - reported >= ReportEvery)
                    {
                        reported = _written;
                        _progress.Report(_written);
                    }
                }

                _progress?.Report(_written);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline?.IsCancellationRequested == true)
            {
                throw CallTimedOut(ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && idle?.IsCancellationRequested == true)
            {
                throw new ApiTimeoutException(
                    _call.MethodId,
                    _readTimeout!.Value,
                    _call.Attempt,
                    $"{_call.MethodId}: the media download received no data for {Durations.Format(_readTimeout.Value)} (MediaDownloadOptions.ReadTimeout) after {_written.ToString(CultureInfo.InvariantCulture)} bytes.",
                    ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private ApiTimeoutException CallTimedOut(Exception? inner) => new(
            _call.MethodId,
            _call.Timeout!.Value,
            _call.Attempt,
            $"{_call.MethodId}: the media download did not complete within its timeout of {Durations.Format(_call.Timeout.Value)} (the whole download, body included) after {_written.ToString(CultureInfo.InvariantCulture)} bytes.",
            inner);
    }
}
