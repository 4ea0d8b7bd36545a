using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Runtime.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary>
/// What the per-stage tests share: an <see cref="ApiClient"/> over an in-memory <see cref="ApiStubHandler"/> on a
/// <see cref="FakeTimeProvider"/> (no socket, no wall clock), methods to call, and stages a test scripts.
/// </summary>
internal static class Kit
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    public static readonly Uri BaseUri = new("https://svc.example.test/v1/");

    /// <summary>A GET (idempotent).</summary>
    public static readonly MethodDescriptor Get = new("test.items.get", "GET", "v1/items/{name}", null, [Scope], []);

    /// <summary>A POST (not idempotent without a request id).</summary>
    public static readonly MethodDescriptor Post = new("test.items.create", "POST", "v1/items", null, [Scope], []);

    /// <summary>A GET whose media can be downloaded.</summary>
    public static readonly MethodDescriptor Download = new("test.items.download", "GET", "v1/items/{name}", null, [Scope], [], supportsMediaDownload: true);

    /// <summary>Starts at a fixed instant, so dates in headers are reproducible.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>A client over <paramref name="stub"/> (none: a stub that answers nothing) with fast retries on <paramref name="time"/>.</summary>
    public static ApiClient Client(ApiStubHandler? stub = null, TimeProvider? time = null, Action<ClientOptions>? configure = null)
    {
        var options = new ClientOptions
        {
            TimeProvider = time ?? Clock(),
            Retry = new RetryPolicy { MaxAttempts = 4, InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), TotalBudget = TimeSpan.FromSeconds(10) },
        };
        configure?.Invoke(options);
        return new ApiClient(new HttpClient(stub ?? new ApiStubHandler()), options, BaseUri);
    }

    public static ApiRequest Request(MethodDescriptor? method = null, string path = "v1/items/a") => new(method ?? Get, path);

    /// <summary>A call of <paramref name="request"/> (default: a GET) reading <c>{"name": …}</c>, started as the pipeline's entry starts it.</summary>
    public static CallContext<string?> Call(ApiClient client, ApiRequest? request = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        Start(new CallContext<string?>(client, request ?? Request(), options, ReadName), cancellationToken);

    /// <summary>Does what <see cref="CallPipeline.ProcessAsync"/> does before the first stage.</summary>
    public static T Start<T>(T call, CancellationToken cancellationToken = default)
        where T : CallContext
    {
        call.Resolve();
        call.CallerToken = cancellationToken;
        call.CallToken = cancellationToken;
        call.AttemptToken = cancellationToken;
        call.Started = call.Client.Options.TimeProvider.GetTimestamp();
        return call;
    }

    /// <summary>Reads <c>{"name": …}</c>.</summary>
    public static string? ReadName(ref System.Text.Json.Utf8JsonReader reader)
    {
        string? name = null;
        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isName)
            {
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return name;
    }

    /// <summary>
    /// Runs <paramref name="stages"/>, then <paramref name="terminal"/>, for a started call. Without a retry stage the
    /// call is numbered as its first attempt, as the retry stage would number it.
    /// </summary>
    public static ValueTask Run(CallContext call, CallStage terminal, params CallStage[] stages)
    {
        if (!Array.Exists(stages, s => s is RetryStage))
        {
            call.Attempt = 1;
        }

        var all = new CallStage[stages.Length + 1];
        stages.CopyTo(all, 0);
        all[^1] = terminal;
        return all[0].ProcessAsync(call, all.AsMemory(1));
    }

    /// <summary>A 503 ApiException as the error reader would produce it, optionally with a server-requested delay.</summary>
    public static AttemptFailure Unavailable(CallContext call, TimeSpan? retryAfter = null) =>
        AttemptFailure.Status(
            new ApiException(call.MethodId, HttpStatusCode.ServiceUnavailable, null, null, "unavailable") { RetryAfter = retryAfter },
            call.Policy);

    /// <summary>Awaits <paramref name="task"/>, failing the test instead of hanging if it never completes.</summary>
    public static Task Bounded(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>
    /// Waits until <paramref name="condition"/> holds: work a fake clock released may continue on another thread.
    /// Bounded, so a broken stage fails the test instead of hanging it.
    /// </summary>
    public static async Task Until(Func<bool> condition)
    {
        var giveUp = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > giveUp)
            {
                throw new TimeoutException("The condition did not become true within 10 s.");
            }

            await Task.Delay(1);
        }
    }
}

/// <summary>A last stage whose attempts a test scripts: each attempt runs the next script (the last one repeats).</summary>
internal sealed class ScriptedStage : CallStage
{
    private readonly Func<CallContext, ValueTask>[] _attempts;

    public ScriptedStage(params Func<CallContext, ValueTask>[] attempts) => _attempts = attempts;

    /// <summary>How many attempts reached this stage.</summary>
    public int Calls { get; private set; }

    /// <summary>The attempt token each attempt saw.</summary>
    public List<CancellationToken> Tokens { get; } = new();

    /// <summary>The access token each attempt carried.</summary>
    public List<string?> AccessTokens { get; } = new();

    public static Func<CallContext, ValueTask> Succeed => static _ => default;

    public static Func<CallContext, ValueTask> Fail(Func<CallContext, AttemptFailure> failure) => call =>
    {
        call.Failure = failure(call);
        return default;
    };

    public static Func<CallContext, ValueTask> Throw(Exception exception) => _ => throw exception;

    /// <summary>Waits on the attempt's token until something cancels it.</summary>
    public static Func<CallContext, ValueTask> Hang => static call => new ValueTask(Task.Delay(Timeout.Infinite, call.AttemptToken));

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next)
    {
        var script = _attempts[Math.Min(Calls, _attempts.Length - 1)];
        Calls++;
        Tokens.Add(call.AttemptToken);
        AccessTokens.Add(call.AccessToken);
        return script(call);
    }
}

/// <summary>A <see cref="Random"/> whose <see cref="NextDouble"/> is fixed: backoff becomes the ceiling times it.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}

/// <summary>A response body that sends some bytes, then breaks off as a reset connection does.</summary>
internal sealed class BrokenContent(byte[] prefix) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new BrokenStream(prefix));

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private sealed class BrokenStream(byte[] prefix) : MemoryStream(prefix)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = Read(buffer.Span);
            return read > 0 ? new ValueTask<int>(read) : ValueTask.FromException<int>(new IOException("The connection was reset."));
        }
    }
}

/// <summary>An in-memory token provider that records what it was asked.</summary>
internal sealed class RecordingTokenProvider(params string[] tokens) : IAccessTokenProvider
{
    public List<AccessTokenRequest> Requests { get; } = new();

    public ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return new ValueTask<string>(tokens[Math.Min(Requests.Count - 1, tokens.Length - 1)]);
    }
}

internal static class Utf8
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
