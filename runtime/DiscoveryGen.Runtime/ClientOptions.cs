using System;
using System.Collections.Generic;
using System.Threading;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Settings shared by every call of one generated service. Set them before creating the service; the service reads
/// them on every call, so do not change an instance a live service uses from another thread.
/// </summary>
public sealed class ClientOptions
{
    /// <summary>The default largest response body buffered: 64 MiB.</summary>
    public const long DefaultMaxResponseBodySize = 64L * 1024 * 1024;

    /// <summary>The default most JSON values read from one response: 1,000,000.</summary>
    public const long DefaultMaxResponseJsonValues = 1_000_000;

    /// <summary>The default <see cref="MaxConsecutiveEmptyPages"/>: 100.</summary>
    public const int DefaultMaxConsecutiveEmptyPages = 100;

    /// <summary>
    /// The base URI method paths are resolved against. Defaults to the document's <c>rootUrl</c> + <c>servicePath</c>;
    /// required (the service's constructor throws <see cref="System.InvalidOperationException"/> without it) when the
    /// document names no base URL. Must be <c>https</c>, except a loopback address or <see cref="AllowInsecureHttp"/>.
    /// </summary>
    public Uri? BaseUri { get; set; }

    /// <summary>
    /// A location whose endpoint (the document's <c>endpoints</c>, e.g. <c>us-central1</c>) becomes the base URI when
    /// <see cref="BaseUri"/> is not set. Services of documents without endpoints ignore it.
    /// </summary>
    public string? Location { get; set; }

    /// <summary>
    /// Product token prepended to the <c>User-Agent</c> header (for example <c>my-app/1.2</c>); null sends only DiscoveryGen's.
    /// </summary>
    public string? ApplicationName { get; set; }

    /// <summary>Supplies OAuth 2.0 access tokens, asked per attempt with the method's scopes; null sends no Authorization header.</summary>
    public IAccessTokenProvider? AccessTokenProvider { get; set; }

    /// <summary>An API key, sent as the <c>key</c> query parameter (and redacted from logs, traces and exceptions).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The project billed for quota, sent as the <c>x-goog-user-project</c> header.</summary>
    public string? QuotaProject { get; set; }

    /// <summary>How failed calls are retried. Default <see cref="RetryPolicy.Default"/>; <see cref="RetryPolicy.None"/> disables retries.</summary>
    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    /// <summary>
    /// The deadline of a whole call: every attempt, every backoff wait and reading the response. Default 100 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> or null for none. Reported as <see cref="ApiTimeoutException"/>.
    /// Independent of <c>HttpClient.Timeout</c>, which still bounds each attempt.
    /// </summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The deadline of one attempt; a timed-out attempt of an idempotent call is retried. Default null (none).</summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Send JSON request bodies gzip-compressed (<c>Content-Encoding: gzip</c>). Default false.</summary>
    public bool GzipRequestBodies { get; set; }

    /// <summary>
    /// Ask for gzip/deflate responses (<c>Accept-Encoding</c>) and decompress them, unless the HttpClient's handler
    /// already does (<c>AutomaticDecompression</c>). Default true.
    /// </summary>
    public bool DecompressResponses { get; set; } = true;

    /// <summary>
    /// The largest response body (after decompression) read into memory; a larger one fails with <see cref="ApiException"/>
    /// as soon as the limit is passed (or at once when <c>Content-Length</c> says so). Default 64 MiB.
    /// </summary>
    public long MaxResponseBodySize { get; set; } = DefaultMaxResponseBodySize;

    /// <summary>
    /// The most JSON values (objects, arrays, strings, numbers, booleans, nulls, at any depth) a success response may
    /// hold; a larger one fails with <see cref="ApiException"/> before any of it is read. Each value read becomes memory
    /// (a model object, a string, a list slot, a <c>JsonElement</c>), so this, not the body's size, bounds what a
    /// response can make the client allocate: about 50 to 300 bytes per value. Default 1,000,000 (see
    /// <see cref="DefaultMaxResponseJsonValues"/>); raise it for pages that hold more (a 10 MB BigQuery page can hold
    /// about 2 million values).
    /// </summary>
    public long MaxResponseJsonValues { get; set; } = DefaultMaxResponseJsonValues;

    /// <summary>
    /// Hosts besides the service's own that may receive this client's requests, and with them its credentials. The
    /// service's own are the hosts of <see cref="BaseUri"/> and of the document's base URI (or the
    /// <see cref="Location"/>'s endpoint); a request to any other host (a resumable upload session URI a server
    /// announced or a caller saved) is refused before it is sent. Each entry's scheme, host and port are compared
    /// (its path is ignored). Empty by default.
    /// </summary>
    public IList<Uri> TrustedHosts { get; set; } = new List<Uri>();

    /// <summary>
    /// How many empty pages in a row (no items, yet a next page token) the generated <c>…PagesAsync</c>/<c>…AllAsync</c>
    /// follow before failing with <see cref="InvalidOperationException"/>: a server answering empty pages with fresh
    /// tokens forever would otherwise keep an <c>…AllAsync</c> loop busy without ever yielding. Default 100; at least 1.
    /// Some listings legitimately return runs of empty pages (a filtered scan of a long time range): raise it for those.
    /// </summary>
    public int MaxConsecutiveEmptyPages { get; set; } = DefaultMaxConsecutiveEmptyPages;

    /// <summary>Allow a plain-<c>http</c> <see cref="BaseUri"/> that is not a loopback address. Default false.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Receives the runtime's log events; null logs nothing. <c>AddDiscoveryClient</c> wires <c>ILogger</c> here.</summary>
    public IApiLogger? Logger { get; set; }

    /// <summary>The clock used for timeouts and backoff waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Set only on the options of a batch's service (<see cref="BatchRequest{TService}"/>): its calls are queued in this
    /// batch instead of sent, through the pipeline <c>CallPipeline.Create</c> builds for batched calls.
    /// </summary>
    internal Batch.BatchQueue? Batch { get; set; }

    /// <summary>A shallow copy: a batch derives its services' options from the caller's, which it never changes.</summary>
    internal ClientOptions Clone() => (ClientOptions)MemberwiseClone();
}
