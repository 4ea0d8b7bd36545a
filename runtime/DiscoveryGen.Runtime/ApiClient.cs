using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Sends the requests of one generated service over a caller-owned <see cref="HttpClient"/>: authentication, retries
/// with backoff, timeouts, compression, size limits, tracing and logging. Generated services create one; it holds no
/// handler and disposes nothing, so handler lifetimes stay with the caller (or <c>IHttpClientFactory</c>).
/// </summary>
/// <remarks>
/// This class checks its arguments and hands each call to the call pipeline (<c>Pipeline/CallPipeline.cs</c>), whose
/// stages do the work in a fixed order: diagnostics, deadline, retry, attempt timeout, authorization, transport.
/// </remarks>
public sealed class ApiClient
{
    /// <summary>The HttpRequestMessage option naming the method being called (for DelegatingHandlers and test stubs).</summary>
    public static readonly HttpRequestOptionsKey<MethodDescriptor> MethodOptionKey = new("DiscoveryGen.Method");

    /// <summary>The HttpRequestMessage option holding the attempt number (1 for the first).</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptOptionKey = new("DiscoveryGen.Attempt");

    private readonly RequestFactory _requests;

    /// <summary>Creates the client for one service.</summary>
    /// <param name="httpClient">The caller's HttpClient; never disposed here.</param>
    /// <param name="options">Service-wide options; null for defaults.</param>
    /// <param name="defaultBaseUri">
    /// The document's <c>rootUrl</c> + <c>servicePath</c>; null when the document names no base URL, and then
    /// <see cref="ClientOptions.BaseUri"/> is required.
    /// </param>
    /// <exception cref="ArgumentException">The base URI is not absolute, or is plain http to a non-loopback host without <see cref="ClientOptions.AllowInsecureHttp"/>.</exception>
    /// <exception cref="InvalidOperationException">Neither <see cref="ClientOptions.BaseUri"/> nor a default base URI is given.</exception>
    public ApiClient(HttpClient httpClient, ClientOptions? options, Uri? defaultBaseUri)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        HttpClient = httpClient;
        Options = options ?? new ClientOptions();
        BaseUri = Options.BaseUri ?? defaultBaseUri ?? throw new InvalidOperationException(
            "ClientOptions.BaseUri is required: this service's discovery document names no base URL (rootUrl or baseUrl), so there is no default to send requests to.");
        if (!BaseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"BaseUri must be absolute: '{BaseUri}'.", nameof(options));
        }

        if (BaseUri.Scheme == Uri.UriSchemeHttp)
        {
            if (!BaseUri.IsLoopback && !Options.AllowInsecureHttp)
            {
                throw new ArgumentException(
                    $"BaseUri must use https (got http://{BaseUri.Authority}/): credentials would travel in clear text. " +
                    "Plain http is allowed for loopback addresses, or with ClientOptions.AllowInsecureHttp.",
                    nameof(options));
            }
        }
        else if (BaseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"BaseUri must be an https (or loopback http) URI, not '{BaseUri.Scheme}'.", nameof(options));
        }

        if (Options.MaxResponseBodySize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ClientOptions.MaxResponseBodySize must be positive.");
        }

        if (Options.MaxResponseJsonValues < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ClientOptions.MaxResponseJsonValues must be positive.");
        }

        // The service's own hosts: where its requests, and its credentials, may go (see ClientOptions.TrustedHosts).
        OwnHosts = defaultBaseUri is null || BaseUri.Equals(defaultBaseUri) || !defaultBaseUri.IsAbsoluteUri ? [BaseUri] : [BaseUri, defaultBaseUri];

        if (Options.MaxConsecutiveEmptyPages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ClientOptions.MaxConsecutiveEmptyPages must be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(Options.Retry, "options.Retry");
        Options.Retry.Validate();
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, "options.TimeProvider");

        _requests = new RequestFactory(BaseUri, Options);
        if (Options.QuotaProject is { } quota)
        {
            HeaderCheck.ThrowIfInvalid("x-goog-user-project", quota);
        }

        Pipeline = CallPipeline.Create(httpClient, Options, BaseUri, _requests);
    }

    /// <summary>The HttpClient requests go through.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The options this client was created with.</summary>
    public ClientOptions Options { get; }

    /// <summary>The base URI method paths are resolved against.</summary>
    public Uri BaseUri { get; }

    /// <summary>The hosts of the base URI and the document's (or the location's) base URI: this service's own.</summary>
    internal Uri[] OwnHosts { get; }

    /// <summary>The stages every call of this client goes through (media transfers included).</summary>
    internal CallPipeline Pipeline { get; }

    /// <summary>Sends a request whose response has no content of interest (e.g. <c>Empty</c>).</summary>
    public Task SendAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken) =>
        SendCoreAsync<object?>(request, options, read: null, cancellationToken);

    /// <summary>Sends a request and reads the JSON response with the model's generated reader.</summary>
    public Task<T> SendAsync<T>(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
        where T : IJsonModel<T> => SendAsync(request, options, T.ReadJson, cancellationToken);

    /// <summary>Sends a request and reads the JSON response with <paramref name="read"/>.</summary>
    public Task<T> SendAsync<T>(ApiRequest request, RequestOptions? options, JsonReadFunc<T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return SendCoreAsync(request, options, read, cancellationToken);
    }

    /// <summary>
    /// Uploads media with a call of a method that has <c>mediaUpload</c> (simple, multipart or resumable, see
    /// <see cref="MediaUploadOptions"/>); the response has no content of interest.
    /// </summary>
    /// <param name="request">The method's request: path parameters and query, and the metadata as its JSON body (or none).
    /// <see cref="ApiRequest.SimpleUploadPath"/>/<see cref="ApiRequest.ResumableUploadPath"/> give the upload URLs.</param>
    /// <param name="media">The content, read from its current position to its end; never disposed here.</param>
    /// <param name="contentType">The media's content type; it must match the method's <c>accept</c> list.</param>
    /// <param name="upload">Protocol, chunk size, progress and resumption; null for the defaults.</param>
    /// <param name="options">Per-call settings; they apply to every request of the upload.</param>
    /// <param name="cancellationToken">Cancels the upload (a resumable session stays open on the server).</param>
    public Task UploadMediaAsync(ApiRequest request, Stream media, string contentType, MediaUploadOptions? upload, RequestOptions? options, CancellationToken cancellationToken) =>
        MediaUploader.UploadAsync<object?>(this, request, media, contentType, upload, options, read: null, cancellationToken);

    /// <summary>Uploads media and reads the method's JSON response with the model's generated reader.</summary>
    /// <inheritdoc cref="UploadMediaAsync(ApiRequest, Stream, string, MediaUploadOptions?, RequestOptions?, CancellationToken)"/>
    public Task<T> UploadMediaAsync<T>(ApiRequest request, Stream media, string contentType, MediaUploadOptions? upload, RequestOptions? options, CancellationToken cancellationToken)
        where T : IJsonModel<T> => UploadMediaAsync(request, media, contentType, upload, options, T.ReadJson, cancellationToken);

    /// <summary>Uploads media and reads the method's JSON response with <paramref name="read"/>.</summary>
    /// <inheritdoc cref="UploadMediaAsync(ApiRequest, Stream, string, MediaUploadOptions?, RequestOptions?, CancellationToken)"/>
    public Task<T> UploadMediaAsync<T>(ApiRequest request, Stream media, string contentType, MediaUploadOptions? upload, RequestOptions? options, JsonReadFunc<T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return MediaUploader.UploadAsync(this, request, media, contentType, upload, options, read, cancellationToken);
    }

    /// <summary>
    /// Downloads the media of a method that has <c>supportsMediaDownload</c>: the request is sent with <c>alt=media</c>
    /// and the body is copied to <paramref name="destination"/> as it arrives, never buffered whole.
    /// </summary>
    /// <param name="request">The method's request.</param>
    /// <param name="destination">Where the bytes go; written from its current position, never disposed here.</param>
    /// <param name="download">Byte range, progress, size limit and read timeout; null for the whole content.</param>
    /// <param name="options">Per-call settings. <see cref="RequestOptions.Timeout"/> (else <see cref="ClientOptions.Timeout"/>)
    /// bounds the whole download, body included: give a long download a longer one (or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// with <see cref="MediaDownloadOptions.ReadTimeout"/>).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public Task DownloadMediaAsync(ApiRequest request, Stream destination, MediaDownloadOptions? download, RequestOptions? options, CancellationToken cancellationToken) =>
        MediaDownloader.DownloadAsync(this, request, destination, download, options, cancellationToken);

    /// <summary>
    /// Builds the HTTP request message as the first attempt sends it (useful for logging and tests), except the
    /// <c>Authorization</c> header: tokens are fetched per attempt.
    /// </summary>
    public HttpRequestMessage CreateHttpRequest(ApiRequest request, RequestOptions? options)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new CallContext(this, request, options);
        call.Resolve();
        call.Attempt = 1;
        return _requests.Create(call);
    }

    private async Task<T> SendCoreAsync<T>(ApiRequest request, RequestOptions? options, JsonReadFunc<T>? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new CallContext<T>(this, request, options, read);
        await Pipeline.ProcessAsync(call, cancellationToken).ConfigureAwait(false);
        return call.Result;
    }
}
