using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime;

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
        var call = new CallContext<T>(client, request, options, read)
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
            var result = await client.Pipeline.SendAsync(call, cancellationToken).ConfigureAwait(false);
            counter.Complete();
            return result;
        }
        catch (Exception ex) when (counter.TooLarge is { } tooLarge && ex != tooLarge)
        {
            throw tooLarge;
        }
    }

    /// <summary>Whether a failed upload request is worth resuming: retryable statuses, broken connections, timeouts.</summary>
    internal static bool IsResumable(Exception exception, RetryPolicy policy) => exception switch
    {
        ApiException api => policy.RetryableStatusCodes.Contains((int)api.StatusCode),
        ApiTimeoutException or HttpRequestException or IOException => true,
        _ => false,
    };
}
