using System;
using System.Collections.Generic;
using System.Net.Http;

namespace DiscoveryGen.Runtime;

/// <summary>
/// How one HTTP exchange of a media transfer differs from the generated method's plain request. Every exchange still
/// goes through <see cref="ApiClient"/>'s pipeline (auth, headers, timeouts, retries, telemetry, logging, redaction);
/// this only changes the target, verb, body, headers and which statuses are answers.
/// </summary>
internal sealed class TransferRequest
{
    /// <summary>The verb; null for the method's own.</summary>
    public HttpMethod? Method { get; init; }

    /// <summary>
    /// An absolute path from the document's <c>mediaUpload.protocols</c>, already expanded: it replaces the base URI's
    /// path (scheme and authority are kept); the request's query and the standard parameters follow.
    /// </summary>
    public string? UploadPath { get; init; }

    /// <summary>A resumable session URI: the request goes exactly there, and no query parameter is added.</summary>
    public Uri? SessionUri { get; init; }

    /// <summary>The <c>uploadType</c> query value (replaces <see cref="RequestOptions.UploadType"/>).</summary>
    public string? UploadType { get; init; }

    /// <summary>The <c>alt</c> query value (replaces <see cref="RequestOptions.Alt"/>).</summary>
    public string? Alt { get; init; }

    /// <summary>Creates the body for each attempt, replacing the request's JSON body; null keeps the JSON body.</summary>
    public Func<HttpContent?>? Content { get; init; }

    /// <summary>Request headers to add (caller-supplied <see cref="RequestOptions.Headers"/> still win).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>
    /// Whether the exchange may be repeated when <see cref="RequestOptions.Idempotent"/> does not say; null classifies
    /// by verb, request id and etag as for any call.
    /// </summary>
    public bool? Idempotent { get; init; }

    /// <summary>False when the body cannot be sent twice (a stream that cannot seek): never repeated once sending began.</summary>
    public bool Replayable { get; init; } = true;

    /// <summary>
    /// The retry policy of this exchange, replacing the call's; <see cref="RetryPolicy.None"/> for upload chunks, whose
    /// failures the uploader resolves with a status query instead of a blind repeat.
    /// </summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>A non-2xx status that is an answer rather than an error (308 Resume Incomplete).</summary>
    public int? AlsoAccept { get; init; }

    /// <summary>The <c>url.template</c> of the exchange's trace span; null for the method's path.</summary>
    public string? Template { get; init; }
}
