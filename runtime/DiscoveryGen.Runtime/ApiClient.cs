using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;

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

    private readonly RequestFactory _requests;

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

        _requests = new RequestFactory(BaseUri, Options);
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
    internal TimeSpan? TimeoutFor(RequestOptions? options) => CallContext.Positive(options?.Timeout ?? Options.Timeout, "Timeout");

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
        var call = new CallContext(this, request, options, transfer: null);
        return _requests.Create(call, attempt: 1, accessToken: null);
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
        var call = new CallContext(this, request, options, transfer);
        cancellationToken.ThrowIfCancellationRequested();

        var time = Options.TimeProvider;
        var started = time.GetTimestamp();
        using var activity = CallTrace.Start(call, BaseUri, _requests.BasePath);
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
                    CallTrace.SetOutcome(activity, call, attempt, error: null);
                    CallLog.Succeeded(call, attempt, time.GetElapsedTime(started));
                    return result!;
                }

                var delay = DecideRetry(call, failure!, attempt, time.GetElapsedTime(started));
                if (delay is null)
                {
                    var exception = failure!.ToException(call, attempt);
                    CallTrace.SetOutcome(activity, call, attempt, exception);
                    CallLog.Failed(call, attempt, exception, timedOut: exception is ApiTimeoutException);
                    reported = true;
                    if (exception == failure.Original)
                    {
                        exception.Data["DiscoveryGen.Attempts"] = attempt;
                        ExceptionDispatchInfo.Capture(exception).Throw();
                    }

                    throw exception;
                }

                CallLog.RetryScheduled(call, failure!, attempt, delay.Value);
                CallTrace.RetryScheduled(activity, attempt, delay.Value, failure!.ErrorType);
                await Task.Delay(delay.Value, time, callToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            var canceled = new OperationCanceledException($"{request.Method.Id} was canceled by the caller.", ex, cancellationToken);
            CallTrace.SetOutcome(activity, call, attempt, canceled);
            CallLog.Canceled(call, attempt);
            throw canceled;
        }
        catch (OperationCanceledException ex) when (timeoutCts?.IsCancellationRequested == true)
        {
            var timedOut = new ApiTimeoutException(
                request.Method.Id,
                call.Timeout!.Value,
                attempt,
                $"{request.Method.Id} did not complete within its timeout of {Durations.Format(call.Timeout.Value)} ({attempt} attempt(s)).",
                ex);
            CallTrace.SetOutcome(activity, call, attempt, timedOut);
            CallLog.Failed(call, attempt, timedOut, timedOut: true);
            throw timedOut;
        }
        catch (Exception ex) when (!reported && ex is not OperationCanceledException)
        {
            // Not retryable by nature: an unreadable or oversized 2xx body, a token provider that failed or
            // returned a malformed token. Still traced and logged once.
            CallTrace.SetOutcome(activity, call, attempt, ex);
            CallLog.Failed(call, attempt, ex, timedOut: false);
            throw;
        }
    }

    private async Task<(bool Done, T? Result, AttemptFailure? Failure)> AttemptAsync<T>(
        ApiRequest request,
        CallContext call,
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
                return (false, default, AttemptFailure.Transport(ex, nothingSent: true, "the access token could not be obtained"));
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
            using (var message = _requests.Create(call, attempt, accessToken))
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
                    var answer = new TransferResponse(call, response, attempt);
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

                return (true, await ResponseReader.ReadJsonAsync(call, response, read, attempt, token).ConfigureAwait(false), null);
            }

            var exception = await ErrorReader.CreateExceptionAsync(call, response, attempt, token).ConfigureAwait(false);
            return (false, default, AttemptFailure.Status(exception, call.Policy));
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested && callTimeout?.IsCancellationRequested != true &&
            (attemptCts?.IsCancellationRequested == true || ex.InnerException is TimeoutException))
        {
            // This attempt ran past AttemptTimeout or HttpClient.Timeout (not the call's deadline, not the caller).
            var limit = call.AttemptTimeout ?? HttpClient.Timeout;
            return (false, default, AttemptFailure.AttemptTimedOut(ex, limit));
        }
        catch (HttpRequestException ex) when (!readingBody)
        {
            var nothingSent = ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;
            return (false, default, AttemptFailure.Transport(ex, nothingSent, "the connection failed"));
        }
        catch (IOException ex) when (readingBody && response is not null)
        {
            // The body ended early (connection reset, Content-Length not reached): a transport failure with a status.
            return (false, default, AttemptFailure.Transport(ex, nothingSent: false, "the response body could not be read", response.StatusCode));
        }
        finally
        {
            if (!detached)
            {
                response?.Dispose();
            }
        }
    }

    private static TimeSpan? DecideRetry(CallContext call, AttemptFailure failure, int attempt, TimeSpan elapsed)
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
                why = $"the retry budget ({Durations.Format(budget)}) would be exceeded by a {Durations.Format(delay)} wait";
            }
            else if (call.Timeout is { } timeout && elapsed + delay >= timeout)
            {
                why = $"the call's timeout ({Durations.Format(timeout)}) would elapse during a {Durations.Format(delay)} wait";
            }
        }

        if (why is not null)
        {
            CallLog.RetryNotAttempted(call, failure, attempt, why);
            return null;
        }

        return delay;
    }
}
