using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Batch;
using DiscoveryGen.Runtime.Pipeline;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Sends many calls of one service in one HTTP request, Google's batch protocol: a <c>multipart/mixed</c> POST to the
/// document's <c>batchPath</c>. Calls made on <see cref="Service"/> (any resource, with their parameters, bodies and
/// <see cref="RequestOptions"/>) are queued instead of sent; each returns its ordinary task, which completes with the
/// call's typed result or its <see cref="ApiException"/> once <see cref="ExecuteAsync"/> has sent the batch and read
/// the answer. Generated services with a <c>batchPath</c> create one with <c>CreateBatch()</c>.
/// </summary>
/// <remarks>
/// <para>Each queued call goes through the service's ordinary call pipeline (argument checks, request building,
/// response and error reading, logging, tracing, redaction), except that its transport hands the finished request to
/// the batch. A queued call is sent once: the batch request is the one that is authorized (the service's
/// <see cref="ClientOptions.AccessTokenProvider"/>, quota project, <c>User-Agent</c>, which Google applies to every call
/// in it), retried (only when every call in it is idempotent) and bounded by a timeout. A call's own
/// <see cref="RequestOptions.AccessTokenProvider"/>, <see cref="RequestOptions.QuotaProject"/> and headers travel with
/// that call; its <see cref="RequestOptions.Timeout"/> bounds the wait for its answer; its retry settings do not apply.</para>
/// <para>Calls are sent in the order they were made, at most <see cref="MaxCallsPerRequest"/> per HTTP request (Google
/// allows 100): a larger batch is split into several requests sent one after another. Each call carries a
/// <c>Content-ID</c>; answers are matched by it (in the order of the parts when the server omits it).</para>
/// <para>A batch is used once. A call made on <see cref="Service"/> after <see cref="ExecuteAsync"/> began fails with
/// <see cref="InvalidOperationException"/>; a call canceled (or past its timeout) before the batch is sent is left out.
/// Media uploads and downloads cannot be batched (<see cref="NotSupportedException"/>), and helpers that make several
/// calls (paging, operation polling) only queue their first.</para>
/// </remarks>
/// <typeparam name="TService">The generated service type.</typeparam>
public sealed class BatchRequest<TService>
    where TService : class
{
    private readonly BatchQueue _queue = new();
    private readonly ApiClient _outer;
    private readonly string _batchPath;
    private int _maxCallsPerRequest = 100;

    /// <summary>Creates an empty batch for the service of <paramref name="client"/>. Generated <c>CreateBatch()</c> calls this.</summary>
    /// <param name="client">The service's client: its HttpClient sends the batch, its options apply to it.</param>
    /// <param name="batchPath">The document's <c>batchPath</c> (e.g. <c>batch/storage/v1</c>), relative to its <c>rootUrl</c>.</param>
    /// <param name="servicePath">The document's <c>servicePath</c> (e.g. <c>storage/v1/</c>): the root URL is the client's
    /// <see cref="ApiClient.BaseUri"/> without it (a base URI that does not end with it keeps only its scheme and authority).</param>
    /// <param name="createService">Creates the service the calls are queued on, from an HttpClient and options (the
    /// service's own constructor).</param>
    /// <exception cref="ArgumentException"><paramref name="batchPath"/> is empty.</exception>
    public BatchRequest(ApiClient client, string batchPath, string servicePath, Func<HttpClient, ClientOptions, TService> createService)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(batchPath);
        ArgumentNullException.ThrowIfNull(servicePath);
        ArgumentNullException.ThrowIfNull(createService);
        BatchUri = BatchUriFor(client.BaseUri, batchPath, servicePath);
        _batchPath = BatchUri.AbsolutePath;

        // The batch request: the service's settings, but the API key stays on each call (as Google.Apis sends it).
        var outer = client.Options.Clone();
        outer.BaseUri = client.BaseUri;
        outer.ApiKey = null;
        outer.Batch = null;
        _outer = new ApiClient(client.HttpClient, outer, client.BaseUri);

        // The queued calls: what the batch request carries for all of them (token, quota project) is left to it. Their
        // pipeline has no retry stage; the retry policy still classifies them (RetryNonIdempotent) for the batch's retry.
        var inner = client.Options.Clone();
        inner.BaseUri = client.BaseUri;
        inner.AccessTokenProvider = null;
        inner.QuotaProject = null;
        inner.AttemptTimeout = null;
        inner.GzipRequestBodies = false;
        inner.Batch = _queue;
        Service = createService(client.HttpClient, inner) ?? throw new ArgumentException("createService returned null.", nameof(createService));
    }

    /// <summary>The service to make the batch's calls on: each call is queued, and its task completes after <see cref="ExecuteAsync"/>.</summary>
    public TService Service { get; }

    /// <summary>Where the batch is sent: the root URL (see the constructor) + <c>batchPath</c>.</summary>
    public Uri BatchUri { get; }

    /// <summary>How many calls were queued.</summary>
    public int Count => _queue.Count;

    /// <summary>
    /// The most calls sent in one HTTP request; a larger batch is split. Default 100, Google's limit for most APIs
    /// (some allow fewer, e.g. 50); at most 1000.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and 1000.</exception>
    public int MaxCallsPerRequest
    {
        get => _maxCallsPerRequest;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1000);
            _maxCallsPerRequest = value;
        }
    }

    /// <summary>
    /// Sends the queued calls (in requests of at most <see cref="MaxCallsPerRequest"/>) and completes each call's task
    /// with its answer: its typed result, or its <see cref="ApiException"/> (a 404, a 429…: calls are not retried one by
    /// one). When a batch request itself fails (after its retries, which happen only when every call in it is
    /// idempotent), its calls end with that exception, the remaining requests are still sent, and this method throws
    /// the first such exception once every call has its outcome.
    /// </summary>
    /// <param name="options">Settings of the batch request itself (timeout, retry, headers, idempotency); each call keeps its own.</param>
    /// <param name="cancellationToken">Cancels the batch: the calls not answered yet end canceled.</param>
    /// <exception cref="InvalidOperationException">The batch was already executed.</exception>
    public async Task ExecuteAsync(RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        BatchSlot[] slots;
        try
        {
            slots = await _queue.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            _queue.FailAll(ex);
            throw;
        }

        ExceptionDispatchInfo? failure = null;
        for (var offset = 0; offset < slots.Length; offset += _maxCallsPerRequest)
        {
            var chunk = slots[offset..Math.Min(slots.Length, offset + _maxCallsPerRequest)];
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (response, idPrefix) = await SendAsync(chunk, options, cancellationToken).ConfigureAwait(false);
                Dispatch(chunk, response, idPrefix);
            }
            catch (Exception ex)
            {
                foreach (var slot in chunk)
                {
                    slot.Fail(ex);
                }

                failure ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        var done = new Task[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            done[i] = slots[i].Done;
        }

        await Task.WhenAll(done).ConfigureAwait(false);
        failure?.Throw();
    }

    /// <summary>The root URL the service's base URI stands on, + <paramref name="batchPath"/>.</summary>
    internal static Uri BatchUriFor(Uri baseUri, string batchPath, string servicePath)
    {
        var path = baseUri.AbsolutePath.EndsWith('/') ? baseUri.AbsolutePath : baseUri.AbsolutePath + "/";
        var service = servicePath.TrimStart('/');
        if (service.Length > 0 && !service.EndsWith('/'))
        {
            service += "/";
        }

        var root = service.Length == 0 ? path
            : path.EndsWith("/" + service, StringComparison.Ordinal) ? path[..^service.Length]
            : "/";
        return new Uri(baseUri.GetLeftPart(UriPartial.Authority) + root + batchPath.TrimStart('/'), UriKind.Absolute);
    }

    private async Task<(BatchResponse Response, string IdPrefix)> SendAsync(BatchSlot[] chunk, RequestOptions? options, CancellationToken cancellationToken)
    {
        var parts = new byte[chunk.Length][];
        var scopes = new List<string>();
        var idempotent = true;
        for (var i = 0; i < chunk.Length; i++)
        {
            var call = chunk[i].Call;
            parts[i] = chunk[i].Part!;
            idempotent &= call.Idempotent;
            foreach (var scope in call.Request.Method.Scopes)
            {
                if (!scopes.Contains(scope))
                {
                    scopes.Add(scope);
                }
            }
        }

        var body = BatchWriter.Compose(parts);

        // The token is asked for every scope of the calls in the request; they all travel under it.
        var method = new MethodDescriptor("batch", "POST", _batchPath, null, scopes.ToArray(), Array.Empty<string>());
        var batch = new CallContext<BatchResponse>(_outer, new ApiRequest(method, string.Empty), options, BatchResponseReader.ReadAsync)
        {
            UploadPath = _batchPath,
            Template = _batchPath,
            Content = body.CreateContent,
            TransferIdempotent = idempotent,
        };

        // The calls' own credentials are inside the body: no message about the batch request may show them.
        foreach (var slot in chunk)
        {
            var call = slot.Call;
            batch.AddSecret(call.ApiKey);
            batch.AddSecret(call.AccessToken);
            batch.AddSecret(call.RequestOptions?.AccessToken);
            batch.AddSecret(call.RequestOptions?.OAuthToken);
        }

        return (await _outer.Pipeline.SendAsync(batch, cancellationToken).ConfigureAwait(false), body.IdPrefix);
    }

    /// <summary>Completes each call with its answer: matched by <c>Content-ID</c>, else by position.</summary>
    private static void Dispatch(BatchSlot[] chunk, BatchResponse response, string idPrefix)
    {
        var answers = new BatchResponse.Part?[chunk.Length];
        var unmatched = new List<(int Position, BatchResponse.Part Part)>();
        var parts = response.Parts;
        for (var i = 0; i < parts.Count; i++)
        {
            var index = BatchWriter.IndexOf(parts[i].ContentId, idPrefix);
            if (index >= 0 && index < chunk.Length && answers[index] is null)
            {
                answers[index] = parts[i];
            }
            else
            {
                unmatched.Add((i, parts[i]));
            }
        }

        foreach (var (position, part) in unmatched)
        {
            if (position < chunk.Length && answers[position] is null)
            {
                answers[position] = part;
            }
            else
            {
                part.Response?.Dispose();
            }
        }

        for (var i = 0; i < chunk.Length; i++)
        {
            var slot = chunk[i];
            var methodId = slot.Call.MethodId;
            if (answers[i] is not { } answer)
            {
                slot.Fail(new HttpRequestException(HttpRequestError.InvalidResponse,
                    $"The batch response has no answer for {methodId} (call {i + 1} of {chunk.Length}; {parts.Count} answers)."));
            }
            else if (answer.Response is { } message)
            {
                slot.Complete(message);
            }
            else
            {
                slot.Fail(new HttpRequestException(HttpRequestError.InvalidResponse,
                    $"The batch response's answer for {methodId} could not be read: {answer.Problem}."));
            }
        }
    }
}
