using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Net.Http;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>Everything one call resolves once: options merged, body encoded, idempotency decided, secrets known.</summary>
internal sealed class CallContext
{
    private List<string>? _secrets;

    public CallContext(ApiClient client, ApiRequest request, RequestOptions? options, TransferRequest? transfer)
    {
        var defaults = client.Options;
        Client = client;
        Request = request;
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

    public ApiClient Client { get; }

    public ApiRequest Request { get; }

    /// <summary>The discovery method id (what logs, traces and exceptions name).</summary>
    public string MethodId => Request.Method.Id;

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
