using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Sends the requests of one generated service over a caller-owned <see cref="HttpClient"/>: authentication, retries
/// with backoff, timeouts, compression, size limits, tracing and logging. Generated services create one; it holds no
/// handler and disposes nothing, so handler lifetimes stay with the caller (or <c>IHttpClientFactory</c>).
/// </summary>
public sealed class ApiClient
{
    /// <summary>The HttpRequestMessage option naming the method being called (for DelegatingHandlers and test stubs).</summary>
    public static readonly HttpRequestOptionsKey<MethodDescriptor> MethodOptionKey = new("DiscoveryGen.Method");

    /// <summary>The HttpRequestMessage option holding the attempt number (1 for the first).</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptOptionKey = new("DiscoveryGen.Attempt");

    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxErrorBodyChars = 4096;
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private static readonly string LibraryVersion = typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    private static readonly string ApiClientHeader = $"gl-dotnet/{Environment.Version.ToString(3)} gdcl/{LibraryVersion}";

    private readonly string _baseUri;
    private readonly string _userAgent;
    private readonly string _basePath;
    private readonly string _authority;

    /// <summary>Creates the client for one service.</summary>
    /// <param name="httpClient">The caller's HttpClient; never disposed here.</param>
    /// <param name="options">Service-wide options; null for defaults.</param>
    /// <param name="defaultBaseUri">The document's <c>rootUrl</c> + <c>servicePath</c>.</param>
    /// <exception cref="ArgumentException">The base URI is not absolute, or is plain http to a non-loopback host without <see cref="ClientOptions.AllowInsecureHttp"/>.</exception>
    public ApiClient(HttpClient httpClient, ClientOptions? options, Uri defaultBaseUri)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(defaultBaseUri);
        HttpClient = httpClient;
        Options = options ?? new ClientOptions();
        BaseUri = Options.BaseUri ?? defaultBaseUri;
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

        ArgumentNullException.ThrowIfNull(Options.Retry, "options.Retry");
        Options.Retry.Validate();
        ArgumentNullException.ThrowIfNull(Options.TimeProvider, "options.TimeProvider");

        var text = BaseUri.GetLeftPart(UriPartial.Path);
        _baseUri = text.EndsWith('/') ? text : text + "/";
        _basePath = new Uri(_baseUri).AbsolutePath;
        _authority = BaseUri.GetLeftPart(UriPartial.Authority);
        var product = $"DiscoveryGen/{LibraryVersion}";
        _userAgent = string.IsNullOrWhiteSpace(Options.ApplicationName) ? product : $"{Options.ApplicationName} {product}";
        HeaderCheck.ThrowIfInvalid("User-Agent", _userAgent);
        if (Options.QuotaProject is { } quota)
        {
            HeaderCheck.ThrowIfInvalid("x-goog-user-project", quota);
        }
    }

    /// <summary>The HttpClient requests go through.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The options this client was created with.</summary>
    public ClientOptions Options { get; }

    /// <summary>The base URI method paths are resolved against.</summary>
    public Uri BaseUri { get; }

    /// <summary>Sends a request whose response has no content of interest (e.g. <c>Empty</c>).</summary>
    public Task SendAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken) =>
        SendCoreAsync<object?>(request, options, read: null, transfer: null, reader: null, cancellationToken);

    /// <summary>Sends a request and reads the JSON response with the model's generated reader.</summary>
    public Task<T> SendAsync<T>(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
        where T : IJsonModel<T> => SendAsync(request, options, T.ReadJson, cancellationToken);

    /// <summary>Sends a request and reads the JSON response with <paramref name="read"/>.</summary>
    public Task<T> SendAsync<T>(ApiRequest request, RequestOptions? options, JsonReadFunc<T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return SendCoreAsync(request, options, read, transfer: null, reader: null, cancellationToken);
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
    /// <param name="download">Byte range and progress; null for the whole content.</param>
    /// <param name="options">Per-call settings. <see cref="RequestOptions.Timeout"/> bounds the wait for the response
    /// headers and then each read of the body (so a long download is not cut off while data flows).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public Task DownloadMediaAsync(ApiRequest request, Stream destination, MediaDownloadOptions? download, RequestOptions? options, CancellationToken cancellationToken) =>
        MediaDownloader.DownloadAsync(this, request, destination, download, options, cancellationToken);

    /// <summary>
    /// Sends one exchange of a media transfer through the pipeline: <paramref name="transfer"/> changes the target,
    /// verb, body and headers; <paramref name="reader"/> reads the answer (2xx or <see cref="TransferRequest.AlsoAccept"/>).
    /// </summary>
    internal Task<T> SendTransferAsync<T>(ApiRequest request, RequestOptions? options, TransferRequest transfer, Func<TransferResponse, CancellationToken, Task<T>> reader, CancellationToken cancellationToken) =>
        SendCoreAsync(request, options, read: null, transfer, reader, cancellationToken);

    /// <summary>The retry policy a call with <paramref name="options"/> uses.</summary>
    internal RetryPolicy PolicyFor(RequestOptions? options) => options?.Retry ?? Options.Retry;

    /// <summary>The call timeout a call with <paramref name="options"/> uses; null for none.</summary>
    internal TimeSpan? TimeoutFor(RequestOptions? options) => CallSettings.Positive(options?.Timeout ?? Options.Timeout, "Timeout");

    /// <summary>Throws unless <paramref name="uri"/> may carry credentials: https, or http to a loopback host or with <see cref="ClientOptions.AllowInsecureHttp"/>.</summary>
    internal void ThrowIfInsecure(Uri uri, string parameterName)
    {
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The URI must be absolute: '{Redaction.RedactUri(uri)}'.", parameterName);
        }

        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || Options.AllowInsecureHttp)))
        {
            return;
        }

        throw new ArgumentException(
            $"The URI must use https (got {uri.Scheme}://{uri.Authority}/): credentials would travel in clear text.", parameterName);
    }

    /// <summary>
    /// Builds the HTTP request message as the first attempt sends it (useful for logging and tests), except the
    /// <c>Authorization</c> header: tokens are fetched per attempt.
    /// </summary>
    public HttpRequestMessage CreateHttpRequest(ApiRequest request, RequestOptions? options)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new CallSettings(this, request, options, transfer: null);
        return CreateMessage(request, call, attempt: 1, accessToken: null);
    }

    private async Task<T> SendCoreAsync<T>(
        ApiRequest request,
        RequestOptions? options,
        JsonReadFunc<T>? read,
        TransferRequest? transfer,
        Func<TransferResponse, CancellationToken, Task<T>>? reader,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new CallSettings(this, request, options, transfer);
        cancellationToken.ThrowIfCancellationRequested();

        var time = Options.TimeProvider;
        var started = time.GetTimestamp();
        using var activity = StartActivity(request, call);
        using var timeoutCts = call.Timeout is { } timeout ? new CancellationTokenSource(timeout, time) : null;
        using var linkedCts = timeoutCts is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var callToken = linkedCts?.Token ?? cancellationToken;
        var attempt = 0;
        var reported = false;
        try
        {
            while (true)
            {
                attempt++;
                var (done, result, failure) = await AttemptAsync(request, call, read, reader, attempt, activity, callToken, cancellationToken, timeoutCts).ConfigureAwait(false);
                if (done)
                {
                    SetOutcome(activity, call, attempt, error: null);
                    LogSucceeded(request, call, attempt, time.GetElapsedTime(started));
                    return result!;
                }

                var delay = DecideRetry(request, call, failure!, attempt, time.GetElapsedTime(started));
                if (delay is null)
                {
                    var exception = failure!.ToException(request, call, attempt);
                    SetOutcome(activity, call, attempt, exception);
                    LogFailed(request, call, attempt, exception, timedOut: exception is ApiTimeoutException);
                    reported = true;
                    if (exception == failure.Original)
                    {
                        exception.Data["DiscoveryGen.Attempts"] = attempt;
                        ExceptionDispatchInfo.Capture(exception).Throw();
                    }

                    throw exception;
                }

                LogRetry(request, call, failure!, attempt, delay.Value);
                activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
                {
                    ["discoverygen.attempt"] = attempt,
                    ["discoverygen.retry.delay_ms"] = (long)delay.Value.TotalMilliseconds,
                    ["error.type"] = failure!.ErrorType,
                }));
                await Task.Delay(delay.Value, time, callToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            var canceled = new OperationCanceledException($"{request.Method.Id} was canceled by the caller.", ex, cancellationToken);
            SetOutcome(activity, call, attempt, canceled);
            Log(call, ApiLogLevel.Debug, ApiLogEvents.CallCanceled, "CallCanceled", "{MethodId} was canceled by the caller after {Attempts} attempt(s)", null,
                ("MethodId", request.Method.Id), ("Attempts", attempt));
            throw canceled;
        }
        catch (OperationCanceledException ex) when (timeoutCts?.IsCancellationRequested == true)
        {
            var timedOut = new ApiTimeoutException(
                request.Method.Id,
                call.Timeout!.Value,
                attempt,
                $"{request.Method.Id} did not complete within its timeout of {Format(call.Timeout.Value)} ({attempt} attempt(s)).",
                ex);
            SetOutcome(activity, call, attempt, timedOut);
            LogFailed(request, call, attempt, timedOut, timedOut: true);
            throw timedOut;
        }
        catch (Exception ex) when (!reported && ex is not OperationCanceledException)
        {
            // Not retryable by nature: an unreadable or oversized 2xx body, a token provider that failed or
            // returned a malformed token. Still traced and logged once.
            SetOutcome(activity, call, attempt, ex);
            LogFailed(request, call, attempt, ex, timedOut: false);
            throw;
        }
    }

    private async Task<(bool Done, T? Result, Failure? Failure)> AttemptAsync<T>(
        ApiRequest request,
        CallSettings call,
        JsonReadFunc<T>? read,
        Func<TransferResponse, CancellationToken, Task<T>>? reader,
        int attempt,
        Activity? activity,
        CancellationToken callToken,
        CancellationToken callerToken,
        CancellationTokenSource? callTimeout)
    {
        using var attemptCts = call.AttemptTimeout is not null ? CancellationTokenSource.CreateLinkedTokenSource(callToken) : null;

        // A linked source has no CancelAfter(TimeProvider); a timer of the same clock cancels it (disposed first, below).
        using var attemptTimer = attemptCts is null ? null : Options.TimeProvider.CreateTimer(
            static s =>
            {
                try
                {
                    ((CancellationTokenSource)s!).Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            },
            attemptCts,
            call.AttemptTimeout!.Value,
            Timeout.InfiniteTimeSpan);
        var token = attemptCts?.Token ?? callToken;
        string? accessToken = null;
        if (call.TokenProvider is { } provider)
        {
            try
            {
                var refresh = call.ForceTokenRefresh;
                call.ForceTokenRefresh = false;
                accessToken = await provider.GetAccessTokenAsync(new AccessTokenRequest(request.Method, BaseUri) { ForceRefresh = refresh }, token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                // The token endpoint failed: the API request itself was not sent.
                return (false, default, Failure.Transport(ex, nothingSent: true, "the access token could not be obtained"));
            }

            if (string.IsNullOrEmpty(accessToken) || accessToken.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new InvalidOperationException($"The access token provider returned an empty or malformed token for {request.Method.Id}.");
            }

            call.AddSecret(accessToken);
        }

        HttpResponseMessage? response = null;
        var readingBody = false;
        var detached = false;
        try
        {
            using (var message = CreateMessage(request, call, attempt, accessToken))
            {
                if (attempt == 1 && activity is not null)
                {
                    activity.SetTag("url.full", Redaction.RedactUri(message.RequestUri!));
                }

                response = await HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            }

            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            readingBody = true;
            if (response.IsSuccessStatusCode || (int)response.StatusCode == call.Transfer?.AlsoAccept)
            {
                if (reader is not null)
                {
                    var answer = new TransferResponse(this, request, call, response, attempt);
                    try
                    {
                        return (true, await reader(answer, token).ConfigureAwait(false), null);
                    }
                    finally
                    {
                        detached = answer.Detached;
                    }
                }

                if (read is null)
                {
                    return (true, default, null);
                }

                return (true, await ReadJsonAsync(request, call, response, read, attempt, token).ConfigureAwait(false), null);
            }

            var exception = await CreateExceptionAsync(request, response, call, attempt, token).ConfigureAwait(false);
            return (false, default, Failure.Status(exception, call.Policy));
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested && callTimeout?.IsCancellationRequested != true &&
            (attemptCts?.IsCancellationRequested == true || ex.InnerException is TimeoutException))
        {
            // This attempt ran past AttemptTimeout or HttpClient.Timeout (not the call's deadline, not the caller).
            var limit = call.AttemptTimeout ?? HttpClient.Timeout;
            return (false, default, Failure.AttemptTimedOut(ex, limit));
        }
        catch (HttpRequestException ex) when (!readingBody)
        {
            var nothingSent = ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
            return (false, default, Failure.Transport(ex, nothingSent, "the connection failed"));
        }
        catch (IOException ex) when (readingBody && response is not null)
        {
            // The body ended early (connection reset, Content-Length not reached): a transport failure with a status.
            return (false, default, Failure.Transport(ex, nothingSent: false, "the response body could not be read", response.StatusCode));
        }
        finally
        {
            if (!detached)
            {
                response?.Dispose();
            }
        }
    }

    /// <summary>Reads a success body as JSON, never holding more than <see cref="ClientOptions.MaxResponseBodySize"/>.</summary>
    internal async Task<T> ReadJsonAsync<T>(ApiRequest request, CallSettings call, HttpResponseMessage response, JsonReadFunc<T> read, int attempt, CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadBodyAsync(request, response, call, Options.MaxResponseBodySize, throwWhenLarger: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return Deserialize(request, call, response, buffer.AsSpan(0, length), read, attempt);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private TimeSpan? DecideRetry(ApiRequest request, CallSettings call, Failure failure, int attempt, TimeSpan elapsed)
    {
        // A rejected token (401) means the request was refused before any processing: as Google's own clients do,
        // refresh the token and repeat once, whatever the verb and the retry policy.
        if (failure.StatusCode == HttpStatusCode.Unauthorized && call.TokenProvider is not null && !call.RefreshedAfterUnauthorized &&
            call.Transfer?.Replayable != false)
        {
            call.RefreshedAfterUnauthorized = true;
            call.ForceTokenRefresh = true;
            return TimeSpan.Zero;
        }

        if (!failure.Retryable)
        {
            return null;
        }

        var policy = call.Policy;
        string? why = null;
        TimeSpan delay = default;
        if (!call.Idempotent && !failure.NothingSent)
        {
            why = "the call is not idempotent (a POST/PATCH without requestId or etag; set RequestOptions.Idempotent to opt in)";
        }
        else if (attempt >= policy.MaxAttempts)
        {
            why = $"MaxAttempts ({policy.MaxAttempts}) was reached";
        }
        else
        {
            delay = policy.ComputeBackoff(attempt, Random.Shared);
            if (failure.RetryAfter is { } server && server > delay)
            {
                delay = server;
            }

            if (policy.TotalBudget is { } budget && elapsed + delay > budget)
            {
                why = $"the retry budget ({Format(budget)}) would be exceeded by a {Format(delay)} wait";
            }
            else if (call.Timeout is { } timeout && elapsed + delay >= timeout)
            {
                why = $"the call's timeout ({Format(timeout)}) would elapse during a {Format(delay)} wait";
            }
        }

        if (why is not null)
        {
            Log(call, ApiLogLevel.Debug, ApiLogEvents.RetryNotAttempted, "RetryNotAttempted",
                "{MethodId} attempt {Attempt} failed ({Failure}) and is not retried: {Why}", null,
                ("MethodId", request.Method.Id), ("Attempt", attempt), ("Failure", failure.Description), ("Why", why));
            return null;
        }

        return delay;
    }

    private HttpRequestMessage CreateMessage(ApiRequest request, CallSettings call, int attempt, string? accessToken)
    {
        var transfer = call.Transfer;
        var message = new HttpRequestMessage(call.Verb, BuildUri(request, call));
        message.Options.Set(MethodOptionKey, request.Method);
        message.Options.Set(AttemptOptionKey, attempt);
        message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        message.Headers.TryAddWithoutValidation("x-goog-api-client", ApiClientHeader);
        if (request.ApiVersion is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Goog-Api-Version", request.ApiVersion);
        }

        if (accessToken is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + accessToken);
        }

        if (call.QuotaProject is not null)
        {
            message.Headers.TryAddWithoutValidation("x-goog-user-project", call.QuotaProject);
        }

        if (Options.DecompressResponses)
        {
            message.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate");
        }

        if (transfer?.Headers is { } transferHeaders)
        {
            foreach (var header in transferHeaders)
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (call.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                message.Headers.Remove(header.Key);
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (transfer?.Content is { } createContent)
        {
            message.Content = createContent();
        }
        else if (call.Body is { } body)
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = JsonContentType;
            if (call.BodyGzipped)
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            message.Content = content;
        }

        return message;
    }

    private Uri BuildUri(ApiRequest request, CallSettings call)
    {
        var transfer = call.Transfer;
        if (transfer?.SessionUri is { } session)
        {
            // A resumable session URI already names the upload (upload_id); nothing is added to it.
            return session;
        }

        var builder = new StringBuilder(_baseUri.Length + request.RelativePath.Length + 64);
        if (transfer?.UploadPath is { } uploadPath)
        {
            // mediaUpload paths are absolute ("/upload/storage/v1/b/{bucket}/o"): the base URI's scheme and authority, then the path.
            builder.Append(_authority).Append(uploadPath);
        }
        else
        {
            builder.Append(_baseUri).Append(request.RelativePath);
        }

        var query = request.Query;
        var separator = '?';
        if (query.Length > 0)
        {
            builder.Append('?').Append(query);
            separator = '&';
        }

        var options = call.RequestOptions;
        if (options is not null)
        {
            AppendQuery(builder, ref separator, "fields", options.Fields);
            AppendQuery(builder, ref separator, "quotaUser", options.QuotaUser);
            AppendQuery(builder, ref separator, "prettyPrint", options.PrettyPrint is { } pretty ? WireFormat.Format(pretty) : null);
            AppendQuery(builder, ref separator, "$.xgafv", options.ErrorFormat);
            AppendQuery(builder, ref separator, "alt", transfer?.Alt ?? options.Alt);
            AppendQuery(builder, ref separator, "callback", options.Callback);
            AppendQuery(builder, ref separator, "access_token", options.AccessToken);
            AppendQuery(builder, ref separator, "oauth_token", options.OAuthToken);
            AppendQuery(builder, ref separator, "uploadType", transfer?.UploadType ?? options.UploadType);
            AppendQuery(builder, ref separator, "upload_protocol", options.UploadProtocol);
            if (options.QueryParameters is { } extra)
            {
                foreach (var pair in extra)
                {
                    AppendQuery(builder, ref separator, pair.Key, pair.Value);
                }
            }
        }
        else if (transfer is not null)
        {
            AppendQuery(builder, ref separator, "alt", transfer.Alt);
            AppendQuery(builder, ref separator, "uploadType", transfer.UploadType);
        }

        AppendQuery(builder, ref separator, "key", call.ApiKey);
        return new Uri(builder.ToString(), UriKind.Absolute);
    }

    private static void AppendQuery(StringBuilder builder, ref char separator, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        builder.Append(separator).Append(PathEncoding.Escape(name)).Append('=').Append(PathEncoding.Escape(value));
        separator = '&';
    }

    private static T Deserialize<T>(ApiRequest request, CallSettings call, HttpResponseMessage response, ReadOnlySpan<byte> body, JsonReadFunc<T> read, int attempt)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read())
            {
                throw new JsonException("The response body is empty.");
            }

            return read(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            var status = response.StatusCode;
            throw new ApiException(
                request.Method.Id,
                status,
                error: null,
                rawBody: call.Redact(BoundedText(body)),
                call.Redact($"{request.Method.Id}: the {(int)status} response could not be read as {typeof(T).Name}: {ex.Message}")!,
                ex)
            {
                HttpMethod = call.VerbName,
                Headers = SnapshotHeaders(response),
                ClientRequestId = request.RequestId,
                Attempts = attempt,
            };
        }
    }

    private async Task<ApiException> CreateExceptionAsync(ApiRequest request, HttpResponseMessage response, CallSettings call, int attempt, CancellationToken cancellationToken)
    {
        byte[] buffer;
        int length;
        var truncated = false;
        try
        {
            (buffer, length) = await ReadBodyAsync(request, response, call, MaxErrorBodyBytes, throwWhenLarger: false, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The error body broke off: report the status without it.
            (buffer, length, truncated) = (ArrayPool<byte>.Shared.Rent(1), 0, true);
        }

        try
        {
            // A server may echo a credential (an "invalid key: …" message): parse the redacted body, so no part of
            // the exception, parsed status included, can carry it.
            ReadOnlySpan<byte> body = buffer.AsSpan(0, length);
            if (call.HasSecrets && length > 0)
            {
                var text = Encoding.UTF8.GetString(body);
                var redacted = call.Redact(text)!;
                if (!ReferenceEquals(text, redacted))
                {
                    body = Encoding.UTF8.GetBytes(redacted);
                }
            }

            var error = RpcStatus.TryParse(body);
            var raw = BoundedText(body);
            var status = (int)response.StatusCode;
            var message = new StringBuilder(128)
                .Append(request.Method.Id).Append(" failed with HTTP ").Append(status);
            if (!string.IsNullOrEmpty(response.ReasonPhrase))
            {
                message.Append(" (").Append(response.ReasonPhrase).Append(')');
            }

            if (error is not null)
            {
                message.Append(": ").Append(error.Status ?? "error").Append(": ").Append(error.Message);
                if (error.ErrorInfo?.Reason is { } reason)
                {
                    message.Append(" [reason ").Append(reason);
                    if (error.ErrorInfo.Domain is { } domain)
                    {
                        message.Append(", domain ").Append(domain);
                    }

                    message.Append(']');
                }
                else if (error.Errors.Count > 0 && error.Errors[0].Reason is { } legacyReason)
                {
                    message.Append(" [reason ").Append(legacyReason).Append(']');
                }
            }
            else if (truncated)
            {
                message.Append("; the error body could not be read (the connection closed early).");
            }
            else if (raw is null)
            {
                message.Append(" and an empty body.");
            }
            else
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "unknown content type";
                message.Append(" and a non-JSON or truncated body (").Append(mediaType).Append("): ").Append(Snippet(raw));
            }

            if (attempt > 1)
            {
                message.Append(" (after ").Append(attempt.ToString(CultureInfo.InvariantCulture)).Append(" attempts)");
            }

            var headers = SnapshotHeaders(response);
            var retryAfter = error?.RetryInfo?.RetryDelay ?? RetryAfterHeader(response, Options.TimeProvider);
            return new ApiException(request.Method.Id, response.StatusCode, error, raw, call.Redact(message.ToString())!)
            {
                HttpMethod = call.VerbName,
                Headers = headers,
                RequestId = error?.RequestInfo?.RequestId ?? First(headers, "x-request-id") ?? First(headers, "x-goog-request-id"),
                ClientRequestId = request.RequestId,
                Attempts = attempt,
                RetryAfter = retryAfter,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan? RetryAfterHeader(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> SnapshotHeaders(HttpResponseMessage response)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            var redact = header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase);
            map[header.Key] = redact ? header.Value.Select(static _ => Redaction.Placeholder).ToArray() : header.Value.ToArray();
        }

        return map;
    }

    private static string? BoundedText(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        return text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars];
    }

    private static string Snippet(string text)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        return single.Length <= 200 ? single : single[..200] + "…";
    }

    /// <summary>
    /// Reads the body, decompressing gzip/deflate the handler left encoded, never holding more than
    /// <paramref name="limit"/> bytes: past it either throws (success bodies) or stops (error bodies, which are bounded).
    /// </summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(ApiRequest request, HttpResponseMessage response, CallSettings call, long limit, bool throwWhenLarger, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var declared = content.Headers.ContentLength;
        var encoding = DecodedEncoding(content);
        var decompress = encoding is not null;
        if (throwWhenLarger && declared > limit)
        {
            throw TooLarge(request, call, response, limit, declared);
        }

        // Never hold more than limit + 1 bytes (one more than allowed tells "larger" from "exactly the limit").
        var cap = (int)Math.Min(int.MaxValue - 64, limit + 1);
        var initial = declared is > 0 and < 1024 * 1024 && !decompress ? (int)declared.Value + 1 : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initial, cap));
        var total = 0;
        try
        {
            using var raw = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var stream = Decode(raw, encoding);
            while (true)
            {
                var room = Math.Min(buffer.Length, cap) - total;
                if (room == 0)
                {
                    if (total >= cap)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > limit)
            {
                if (throwWhenLarger)
                {
                    throw TooLarge(request, call, response, limit, declared: null);
                }

                total = (int)limit;
            }

            return (buffer, total);
        }
        catch (InvalidDataException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new IOException($"The {encoding}-encoded response body is corrupt.", ex);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The body's Content-Encoding when the runtime decodes it (gzip, deflate, br with <see cref="ClientOptions.DecompressResponses"/>), else null.</summary>
    internal string? DecodedEncoding(HttpContent content)
    {
        var encoding = content.Headers.ContentEncoding.Count == 1 ? content.Headers.ContentEncoding.First() : null;
        return Options.DecompressResponses && encoding is not null &&
            (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("deflate", StringComparison.OrdinalIgnoreCase) ||
             encoding.Equals("br", StringComparison.OrdinalIgnoreCase))
            ? encoding
            : null;
    }

    /// <summary>The body stream, decoded when <paramref name="encoding"/> (from <see cref="DecodedEncoding"/>) is set.</summary>
    internal static Stream Decode(Stream raw, string? encoding) => encoding is null ? raw : encoding.ToUpperInvariant() switch
    {
        "GZIP" => new GZipStream(raw, CompressionMode.Decompress),
        "DEFLATE" => new ZLibStream(raw, CompressionMode.Decompress),
        _ => new BrotliStream(raw, CompressionMode.Decompress),
    };

    private static ApiException TooLarge(ApiRequest request, CallSettings call, HttpResponseMessage response, long limit, long? declared) =>
        new(
            request.Method.Id,
            response.StatusCode,
            error: null,
            rawBody: null,
            $"{request.Method.Id}: the {(int)response.StatusCode} response body " +
            (declared is { } d ? $"({d.ToString(CultureInfo.InvariantCulture)} bytes) " : string.Empty) +
            $"exceeds ClientOptions.MaxResponseBodySize ({limit.ToString(CultureInfo.InvariantCulture)} bytes); it was not read.")
        {
            HttpMethod = call.VerbName,
            Headers = SnapshotHeaders(response),
            ClientRequestId = request.RequestId,
        };

    private Activity? StartActivity(ApiRequest request, CallSettings call)
    {
        var source = ApiTelemetry.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        var template = call.Transfer?.Template ?? _basePath + request.Method.Path;
        var activity = source.StartActivity(call.VerbName + " " + template, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("http.request.method", call.VerbName);
        activity.SetTag("url.template", template);
        activity.SetTag("url.scheme", BaseUri.Scheme);
        activity.SetTag("server.address", BaseUri.Host);
        activity.SetTag("server.port", BaseUri.Port);
        activity.SetTag("discoverygen.method.id", request.Method.Id);
        activity.SetTag("discoverygen.idempotent", call.Idempotent);
        return activity;
    }

    private static void SetOutcome(Activity? activity, CallSettings call, int attempts, Exception? error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("discoverygen.attempt_count", attempts);
        if (attempts > 1)
        {
            activity.SetTag("http.request.resend_count", attempts - 1);
        }

        if (error is null)
        {
            return;
        }

        activity.SetTag("error.type", error switch
        {
            ApiException api when (int)api.StatusCode >= 300 => ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture),
            _ => error.GetType().FullName,
        });
        activity.SetStatus(ActivityStatusCode.Error, call.Redact(error.Message));
    }

    private void LogSucceeded(ApiRequest request, CallSettings call, int attempts, TimeSpan elapsed) =>
        Log(call, ApiLogLevel.Debug, ApiLogEvents.CallSucceeded, "CallSucceeded",
            "{MethodId} {HttpMethod} succeeded in {ElapsedMs} ms after {Attempts} attempt(s)", null,
            ("MethodId", request.Method.Id), ("HttpMethod", call.VerbName),
            ("ElapsedMs", (long)elapsed.TotalMilliseconds), ("Attempts", attempts));

    private void LogRetry(ApiRequest request, CallSettings call, Failure failure, int attempt, TimeSpan delay) =>
        Log(call, ApiLogLevel.Information, ApiLogEvents.RetryScheduled, "RetryScheduled",
            "{MethodId} attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms", null,
            ("MethodId", request.Method.Id), ("Attempt", attempt), ("Failure", failure.Description),
            ("DelayMs", (long)delay.TotalMilliseconds));

    private void LogFailed(ApiRequest request, CallSettings call, int attempts, Exception exception, bool timedOut) =>
        Log(call, ApiLogLevel.Warning, timedOut ? ApiLogEvents.CallTimedOut : ApiLogEvents.CallFailed, timedOut ? "CallTimedOut" : "CallFailed",
            "{MethodId} {HttpMethod} failed after {Attempts} attempt(s): {Error}", exception,
            ("MethodId", request.Method.Id), ("HttpMethod", call.VerbName), ("Attempts", attempts),
            ("Error", exception.Message));

    private void Log(CallSettings call, ApiLogLevel level, int eventId, string eventName, string template, Exception? exception, params (string Name, object? Value)[] values)
    {
        var logger = Options.Logger;
        if (logger is null || !logger.IsEnabled(level))
        {
            return;
        }

        var properties = new List<KeyValuePair<string, object?>>(values.Length);
        var message = template;
        foreach (var (name, value) in values)
        {
            var text = call.Redact(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()) ?? string.Empty;
            properties.Add(new KeyValuePair<string, object?>(name, value is string ? text : value));
            message = message.Replace("{" + name + "}", text, StringComparison.Ordinal);
        }

        logger.Log(new ApiLogEntry(level, eventId, eventName, template, message, properties, exception));
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Everything one call resolves once: options merged, body encoded, idempotency decided, secrets known.</summary>
    internal sealed class CallSettings
    {
        private List<string>? _secrets;

        public CallSettings(ApiClient client, ApiRequest request, RequestOptions? options, TransferRequest? transfer)
        {
            var defaults = client.Options;
            RequestOptions = options;
            Transfer = transfer;
            Verb = transfer?.Method ?? request.Method.HttpMethod;
            VerbName = transfer?.Method?.Method ?? request.Method.HttpMethodName;
            Policy = transfer?.Retry ?? options?.Retry ?? defaults.Retry;
            Policy.Validate();
            Timeout = Positive(options?.Timeout ?? defaults.Timeout, "Timeout");
            AttemptTimeout = Positive(options?.AttemptTimeout ?? defaults.AttemptTimeout, "AttemptTimeout");
            TokenProvider = options?.AccessTokenProvider ?? defaults.AccessTokenProvider;
            ApiKey = options?.ApiKey ?? defaults.ApiKey;
            QuotaProject = options?.QuotaProject ?? defaults.QuotaProject;
            if (QuotaProject is not null)
            {
                HeaderCheck.ThrowIfInvalid("x-goog-user-project", QuotaProject);
            }

            var ifMatch = false;
            if (options?.Headers is { } headers)
            {
                foreach (var header in headers)
                {
                    HeaderCheck.ThrowIfInvalid(header.Key, header.Value);
                    ifMatch |= header.Key.Equals("If-Match", StringComparison.OrdinalIgnoreCase) && header.Value.Length > 0;
                }

                Headers = headers;
            }

            var verb = Verb;
            var safeVerb = verb == HttpMethod.Get || verb == HttpMethod.Head || verb == HttpMethod.Put || verb == HttpMethod.Delete || verb == HttpMethod.Options;
            Idempotent = options?.Idempotent ?? transfer?.Idempotent ??
                (safeVerb || request.RequestId is not null || ifMatch || request.HasEtagPrecondition || Policy.RetryNonIdempotent);
            if (transfer is { Replayable: false })
            {
                // A body read from a stream that cannot seek cannot be sent twice.
                Idempotent = false;
            }

            if (transfer?.Content is null && request.JsonBody is { } body)
            {
                if (options?.GzipRequestBody ?? defaults.GzipRequestBodies)
                {
                    using var compressed = new MemoryStream(body.Length / 2 + 64);
                    using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(body.Span);
                    }

                    Body = compressed.ToArray();
                    BodyGzipped = true;
                }
                else
                {
                    Body = body;
                }
            }

            AddSecret(ApiKey);
            AddSecret(options?.AccessToken);
            AddSecret(options?.OAuthToken);
        }

        public RequestOptions? RequestOptions { get; }

        public TransferRequest? Transfer { get; }

        public HttpMethod Verb { get; }

        public string VerbName { get; }

        public RetryPolicy Policy { get; }

        public TimeSpan? Timeout { get; }

        public TimeSpan? AttemptTimeout { get; }

        public IAccessTokenProvider? TokenProvider { get; }

        public string? ApiKey { get; }

        public string? QuotaProject { get; }

        public IDictionary<string, string>? Headers { get; }

        public bool Idempotent { get; }

        public ReadOnlyMemory<byte>? Body { get; }

        public bool BodyGzipped { get; }

        public bool HasSecrets => _secrets is not null;

        public bool ForceTokenRefresh { get; set; }

        public bool RefreshedAfterUnauthorized { get; set; }

        public void AddSecret(string? secret)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                _secrets ??= new List<string>(2);
                if (!_secrets.Contains(secret))
                {
                    // Longest first, so a secret that contains another is never left partly visible.
                    var index = _secrets.FindIndex(s => s.Length < secret.Length);
                    _secrets.Insert(index < 0 ? _secrets.Count : index, secret);
                }
            }
        }

        public string? Redact(string? text)
        {
            if (_secrets is null || string.IsNullOrEmpty(text))
            {
                return text;
            }

            foreach (var secret in _secrets)
            {
                text = Redaction.RedactSecrets(text, secret);
            }

            return text;
        }

        public static TimeSpan? Positive(TimeSpan? value, string name)
        {
            if (value is null || value == System.Threading.Timeout.InfiniteTimeSpan)
            {
                return null;
            }

            return value.Value > TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>Why one attempt failed, and whether that kind of failure may be retried.</summary>
    private sealed class Failure
    {
        private Failure(Exception original, bool retryable, bool nothingSent, string description, string errorType)
        {
            Original = original;
            Retryable = retryable;
            NothingSent = nothingSent;
            Description = description;
            ErrorType = errorType;
        }

        public Exception Original { get; }

        public bool Retryable { get; }

        public bool NothingSent { get; }

        public string Description { get; }

        public string ErrorType { get; }

        public TimeSpan? RetryAfter => (Original as ApiException)?.RetryAfter;

        public HttpStatusCode? StatusCode { get; private init; }

        public TimeSpan? Limit { get; private init; }

        public static Failure Status(ApiException exception, RetryPolicy policy)
        {
            var code = (int)exception.StatusCode;
            return new Failure(exception, policy.RetryableStatusCodes.Contains(code), nothingSent: false,
                $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" + (exception.Error?.Status is { } s ? " " + s : string.Empty),
                code.ToString(CultureInfo.InvariantCulture))
            {
                StatusCode = exception.StatusCode,
            };
        }

        public static Failure Transport(Exception exception, bool nothingSent, string what, HttpStatusCode? status = null) =>
            new(exception, retryable: true, nothingSent, $"{what}: {exception.GetType().Name}", exception.GetType().FullName!)
            {
                StatusCode = status,
            };

        public static Failure AttemptTimedOut(Exception exception, TimeSpan limit) =>
            new(exception, retryable: true, nothingSent: false, $"the attempt timed out after {Format(limit)}", typeof(ApiTimeoutException).FullName!)
            {
                Limit = limit,
            };

        public Exception ToException(ApiRequest request, CallSettings call, int attempts)
        {
            if (Original is ApiException api)
            {
                return api;
            }

            if (Limit is { } limit)
            {
                return new ApiTimeoutException(
                    request.Method.Id,
                    limit,
                    attempts,
                    $"{request.Method.Id}: attempt {attempts.ToString(CultureInfo.InvariantCulture)} did not complete within the per-attempt timeout of {Format(limit)}.",
                    Original);
            }

            if (StatusCode is { } status)
            {
                return new ApiException(
                    request.Method.Id,
                    status,
                    error: null,
                    rawBody: null,
                    call.Redact($"{request.Method.Id}: the {(int)status} response body could not be read ({Original.Message}) after {attempts.ToString(CultureInfo.InvariantCulture)} attempt(s).")!,
                    Original)
                {
                    HttpMethod = call.VerbName,
                    ClientRequestId = request.RequestId,
                    Attempts = attempts,
                };
            }

            return Original;
        }
    }
}
