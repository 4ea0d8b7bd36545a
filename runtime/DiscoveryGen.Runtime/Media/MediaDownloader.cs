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
        await using var raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var body = ResponseReader.Decode(raw, encoding);

        // The call's deadline, resolved by the pipeline, bounds each read of the body.
        await CopyAsync(client, request, body, destination, download?.Progress, call.Timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies through one pooled buffer, never holding more than it. <paramref name="idleTimeout"/> bounds each read:
    /// a body that stops flowing for that long fails with <see cref="ApiTimeoutException"/>.
    /// </summary>
    private static async Task CopyAsync(ApiClient client, ApiRequest request, Stream body, Stream destination, IProgress<long>? progress, TimeSpan? idleTimeout, CancellationToken cancellationToken)
    {
        // Created with the delay so its timer is the client's TimeProvider's; CancelAfter then restarts that timer per read.
        using var idle = idleTimeout is null ? null : new CancellationTokenSource(idleTimeout.Value, client.Options.TimeProvider);
        using var linked = idle is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var token = linked?.Token ?? cancellationToken;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long written = 0;
        long reported = 0;
        try
        {
            while (true)
            {
                idle?.CancelAfter(idleTimeout!.Value);
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && idle?.IsCancellationRequested == true)
                {
                    throw new ApiTimeoutException(
                        request.Method.Id,
                        idleTimeout!.Value,
                        attempts: 1,
                        $"{request.Method.Id}: the media download received no data for {idleTimeout.Value.ToString("c", CultureInfo.InvariantCulture)} after {written.ToString(CultureInfo.InvariantCulture)} bytes.",
                        ex);
                }

                if (read == 0)
                {
                    break;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
                if (progress is not null && written - reported >= ReportEvery)
                {
                    reported = written;
                    progress.Report(written);
                }
            }

            progress?.Report(written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
