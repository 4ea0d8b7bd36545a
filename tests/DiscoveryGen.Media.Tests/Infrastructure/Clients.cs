using System;
using System.Collections.Generic;
using System.Net.Http;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Synthetic.Media;

namespace DiscoveryGen.Media.Tests.Infrastructure;

/// <summary>Generated clients pointed at a loopback server, with retries fast enough for tests.</summary>
public static class Clients
{
    public const int KiB = 1024;

    /// <summary>
    /// The generated media client on <paramref name="server"/>, with <see cref="TestRetry.Fast"/> (5 attempts) unless
    /// <paramref name="retry"/> says otherwise; <paramref name="clock"/> replaces the real clock for timeouts and waits.
    /// </summary>
    public static MediatestService MediaService(
        HttpClient http,
        MediaServer server,
        RetryPolicy? retry = null,
        IAccessTokenProvider? tokens = null,
        string? apiKey = null,
        TimeProvider? clock = null,
        IApiLogger? logger = null) =>
        new(http, new ClientOptions
        {
            BaseUri = new Uri(server.BaseUri, "mediatest/v1/"),
            Retry = retry ?? TestRetry.Fast(maxAttempts: 5),
            AccessTokenProvider = tokens,
            ApiKey = apiKey,
            TimeProvider = clock ?? TimeProvider.System,
            Logger = logger,
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
