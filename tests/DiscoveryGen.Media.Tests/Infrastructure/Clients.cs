using System;
using System.Collections.Generic;
using System.Net.Http;
using DiscoveryGen.Runtime;
using Synthetic.Media;

namespace DiscoveryGen.Media.Tests.Infrastructure;

/// <summary>Generated clients pointed at a loopback server, with retries fast enough for tests.</summary>
public static class Clients
{
    public const int KiB = 1024;

    /// <summary>Full-jitter backoff capped at 20 ms: the retry logic runs as in production, without the seconds of waiting.</summary>
    public static RetryPolicy FastRetry(int maxAttempts = 5) => new()
    {
        MaxAttempts = maxAttempts,
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
    };

    public static MediatestService MediaService(HttpClient http, MediaServer server, RetryPolicy? retry = null, IAccessTokenProvider? tokens = null, string? apiKey = null) =>
        new(http, new ClientOptions
        {
            BaseUri = new Uri(server.BaseUri, "mediatest/v1/"),
            Retry = retry ?? FastRetry(),
            AccessTokenProvider = tokens,
            ApiKey = apiKey,
        });

    /// <summary>Collects every progress report synchronously (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    public sealed class Recorder<T> : IProgress<T>
    {
        private readonly List<T> _reports = new();

        public IReadOnlyList<T> Reports
        {
            get
            {
                lock (_reports)
                {
                    return _reports.ToArray();
                }
            }
        }

        public void Report(T value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }
        }
    }
}
