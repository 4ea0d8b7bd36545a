using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// One call as it goes through the <see cref="CallPipeline"/>: what it sends (the request and options, resolved once by
/// <see cref="Resolve"/>), how a media transfer changes that (the <c>init</c> properties), and the state of the running
/// attempt, which the stages hand to each other here instead of through parameters.
/// </summary>
internal class CallContext
{
    private List<string>? _secrets;

    /// <summary>A call of <paramref name="request"/> whose answer has no content of interest.</summary>
    public CallContext(ApiClient client, ApiRequest request, RequestOptions? options)
    {
        Client = client;
        Request = request;
        RequestOptions = options;
    }

    /// <summary>The client whose options apply.</summary>
    public ApiClient Client { get; }

    /// <summary>The generated method's request.</summary>
    public ApiRequest Request { get; }

    /// <summary>The caller's per-call options; null for none.</summary>
    public RequestOptions? RequestOptions { get; }

    /// <summary>The discovery method id (what logs, traces and exceptions name).</summary>
    public string MethodId => Request.Method.Id;

    // How one exchange of a media transfer differs from the method's plain request. Every exchange still goes through
    // the whole pipeline (auth, headers, timeouts, retries, telemetry, logging, redaction).

    /// <summary>The verb; null for the method's own.</summary>
    public HttpMethod? TransferVerb { get; init; }

    /// <summary>
    /// An absolute path from the document's <c>mediaUpload.protocols</c>, already expanded: it replaces the base URI's
    /// path (scheme and authority are kept); the request's query and the standard parameters follow.
    /// </summary>
    public string? UploadPath { get; init; }

    /// <summary>
    /// A resumable session URI: the request goes exactly there, and no query parameter is added. Its host must be one of
    /// the service's own or <see cref="ClientOptions.TrustedHosts"/> (checked by <see cref="Resolve"/>).
    /// </summary>
    public Uri? SessionUri { get; init; }

    /// <summary>The <c>uploadType</c> query value (replaces <see cref="RequestOptions.UploadType"/>).</summary>
    public string? UploadType { get; init; }

    /// <summary>The <c>alt</c> query value (replaces <see cref="RequestOptions.Alt"/>).</summary>
    public string? Alt { get; init; }

    /// <summary>Creates the body for each attempt, replacing the request's JSON body; null keeps the JSON body.</summary>
    public Func<HttpContent?>? Content { get; init; }

    /// <summary>Request headers to add (caller-supplied <see cref="RequestOptions.Headers"/> still win).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? TransferHeaders { get; init; }

    /// <summary>
    /// Whether the exchange may be repeated when <see cref="RequestOptions.Idempotent"/> does not say; null classifies
    /// by verb, request id and etag as for any call.
    /// </summary>
    public bool? TransferIdempotent { get; init; }

    /// <summary>False when the body cannot be sent twice (a stream that cannot seek): never repeated once sending began.</summary>
    public bool Replayable { get; init; } = true;

    /// <summary>
    /// The retry policy of this exchange, replacing the call's; <see cref="RetryPolicy.None"/> for upload chunks, whose
    /// failures the uploader resolves with a status query instead of a blind repeat.
    /// </summary>
    public RetryPolicy? TransferRetry { get; init; }

    /// <summary>A non-2xx status that is an answer rather than an error (308 Resume Incomplete).</summary>
    public int? AlsoAccept { get; init; }

    /// <summary>The <c>url.template</c> of the exchange's trace span; null for the method's path.</summary>
    public string? Template { get; init; }

    // Resolved once, before anything is sent.

    /// <summary>The verb sent.</summary>
    public HttpMethod Verb { get; private set; } = HttpMethod.Get;

    /// <summary>The verb as written (for logs, traces and exceptions).</summary>
    public string VerbName { get; private set; } = string.Empty;

    /// <summary>The retry policy that applies.</summary>
    public RetryPolicy Policy { get; private set; } = RetryPolicy.Default;

    /// <summary>The call's deadline; null for none.</summary>
    public TimeSpan? Timeout { get; private set; }

    /// <summary>The deadline of each attempt; null for none.</summary>
    public TimeSpan? AttemptTimeout { get; private set; }

    /// <summary>Where access tokens come from; null sends none.</summary>
    public IAccessTokenProvider? TokenProvider { get; private set; }

    /// <summary>The API key sent as <c>key</c>.</summary>
    public string? ApiKey { get; private set; }

    /// <summary>The <c>x-goog-user-project</c> value.</summary>
    public string? QuotaProject { get; private set; }

    /// <summary>The caller's extra headers (checked for CR/LF).</summary>
    public IDictionary<string, string>? Headers { get; private set; }

    /// <summary>Whether repeating the call after it may have reached the server is safe.</summary>
    public bool Idempotent { get; private set; }

    /// <summary>The JSON body as sent (possibly gzip-compressed); null for none or when <see cref="Content"/> replaces it.</summary>
    public ReadOnlyMemory<byte>? Body { get; private set; }

    /// <summary>Whether <see cref="Body"/> is gzip-compressed.</summary>
    public bool BodyGzipped { get; private set; }

    // The running call, written by the stages.

    /// <summary>The caller's token.</summary>
    public CancellationToken CallerToken { get; set; }

    /// <summary>Cancelled when the call's deadline passes (see <see cref="DeadlineStage"/>); none without a deadline.</summary>
    public CancellationToken DeadlineToken { get; set; }

    /// <summary>Cancelled by the caller or the deadline: what bounds the whole call, backoff waits included.</summary>
    public CancellationToken CallToken { get; set; }

    /// <summary><see cref="CallToken"/>, or also cancelled when the attempt's own timeout passes.</summary>
    public CancellationToken AttemptToken { get; set; }

    /// <summary>When the call started (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Started { get; set; }

    /// <summary>The call's span; null when nobody listens.</summary>
    public Activity? Activity { get; set; }

    /// <summary>The current attempt, 1 for the first (the number of attempts started).</summary>
    public int Attempt { get; set; }

    /// <summary>Ask the token provider for a fresh token on the next attempt (after a 401).</summary>
    public bool ForceTokenRefresh { get; set; }

    /// <summary>The call was already repeated once after a 401.</summary>
    public bool RefreshedAfterUnauthorized { get; set; }

    /// <summary>The attempt's access token, sent as <c>Authorization: Bearer</c>; null for none.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The attempt's response while it is read; disposed by the transport unless <see cref="TakeResponse"/> took it.</summary>
    public HttpResponseMessage? Response { get; set; }

    /// <summary>Why the attempt failed; null while it has not (the retry stage decides what follows).</summary>
    public AttemptFailure? Failure { get; set; }

    /// <summary>Whether the caller or the deadline (not an attempt timeout) cancelled the call.</summary>
    public bool CanceledFromOutside => CallerToken.IsCancellationRequested || DeadlineToken.IsCancellationRequested;

    /// <summary>Whether the call knows secrets to redact.</summary>
    public bool HasSecrets => _secrets is not null;

    /// <summary>
    /// Merges the options, checks headers and timeouts, encodes the body and decides idempotency: every error a bad
    /// argument can cause is thrown here, before anything is sent.
    /// </summary>
    public void Resolve()
    {
        var request = Request;
        var options = RequestOptions;
        var defaults = Client.Options;
        if (SessionUri is { } session)
        {
            // The one request whose host is not the base URI's: it goes (with the call's credentials) only to a trusted host.
            UriCheck.ThrowIfUntrusted(session, Client, request.Method.Id);
        }

        Verb = TransferVerb ?? request.Method.HttpMethod;
        VerbName = TransferVerb?.Method ?? request.Method.HttpMethodName;
        Policy = TransferRetry ?? options?.Retry ?? defaults.Retry;
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
        Idempotent = options?.Idempotent ?? TransferIdempotent ??
            (safeVerb || request.RequestId is not null || ifMatch || request.HasEtagPrecondition || Policy.RetryNonIdempotent);
        if (!Replayable)
        {
            // A body read from a stream that cannot seek cannot be sent twice.
            Idempotent = false;
        }

        if (Content is null && request.JsonBody is { } body)
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

    /// <summary>
    /// Reads the attempt's success response (2xx or <see cref="AlsoAccept"/>) while it is open. The base call has no
    /// content of interest; <see cref="CallContext{T}"/> reads its result.
    /// </summary>
    public virtual ValueTask ReadAnswerAsync(CancellationToken cancellationToken) => default;

    /// <summary>Takes ownership of the attempt's response (a streamed download): the pipeline will not dispose it.</summary>
    public HttpResponseMessage TakeResponse()
    {
        var response = Response ?? throw new InvalidOperationException("The call has no response to take.");
        Response = null;
        return response;
    }

    /// <summary>Reads the attempt's response body as JSON with <paramref name="read"/>, bounded by <see cref="ClientOptions.MaxResponseBodySize"/>.</summary>
    public ValueTask<TResult> ReadJsonAsync<TResult>(JsonReadFunc<TResult> read, CancellationToken cancellationToken) =>
        ResponseReader.ReadJsonAsync(this, Response ?? throw new InvalidOperationException("The call has no response to read."), read, cancellationToken);

    /// <summary>Adds a secret (token, key) that <see cref="Redact"/> removes from text.</summary>
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

    /// <summary>The text with every secret of this call replaced by <see cref="Redaction.Placeholder"/>.</summary>
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

    /// <summary>
    /// A response body (JSON or not) with every secret of this call redacted, also one the server wrote with JSON escapes
    /// (<c>\u0079a29…</c>): then the body comes back with those escapes decoded, still the same JSON. Otherwise the
    /// text is kept as it came (escapes and all), only plain echoes redacted.
    /// </summary>
    public string RedactBody(string text)
    {
        var redacted = Redact(text)!;
        if (_secrets is null)
        {
            return redacted;
        }

        var decoded = Redaction.DecodeJsonEscapes(redacted);
        if (ReferenceEquals(decoded, redacted))
        {
            return redacted;
        }

        var hidden = Redact(decoded)!;
        return ReferenceEquals(hidden, decoded) ? redacted : hidden;
    }

    /// <summary>
    /// Text for an exception message, a log line or a trace: this call's secrets redacted, then line breaks and other
    /// control characters escaped (server text must not split or forge a log line).
    /// </summary>
    public string Sanitize(string text) => Redaction.EscapeLineBreaks(Redact(text)!);

    private static TimeSpan? Positive(TimeSpan? value, string name)
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
