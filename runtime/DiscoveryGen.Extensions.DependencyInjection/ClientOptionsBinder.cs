using System;
using System.Collections.Frozen;
using System.Globalization;
using System.Linq;
using System.Threading;
using DiscoveryGen.Runtime;
using Microsoft.Extensions.Configuration;

namespace DiscoveryGen.Extensions.DependencyInjection;

/// <summary>
/// Binds <see cref="ClientOptions"/> from configuration without reflection (trimming- and AOT-safe). Keys, all optional:
/// <c>BaseUri</c>, <c>ApplicationName</c>, <c>ApiKey</c>, <c>QuotaProject</c>, <c>Timeout</c>, <c>AttemptTimeout</c>
/// (TimeSpan <c>c</c> format, e.g. <c>00:00:30</c>, or <c>Infinite</c>), <c>GzipRequestBodies</c>,
/// <c>DecompressResponses</c>, <c>AllowInsecureHttp</c> (booleans), <c>MaxResponseBodySize</c> (bytes), and
/// <c>Retry:MaxAttempts</c>, <c>Retry:InitialDelay</c>, <c>Retry:MaxDelay</c>, <c>Retry:Multiplier</c>,
/// <c>Retry:TotalBudget</c>, <c>Retry:RetryNonIdempotent</c>, <c>Retry:RetryableStatusCodes</c> (an array, or
/// comma-separated). Values are parsed with the invariant culture; a bad value throws naming the key (never the value).
/// </summary>
public static class ClientOptionsBinder
{
    /// <summary>Applies the keys present in <paramref name="configuration"/> to <paramref name="options"/>.</summary>
    public static void Bind(IConfiguration configuration, ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        if (configuration["BaseUri"] is { Length: > 0 } baseUri)
        {
            options.BaseUri = Uri.TryCreate(baseUri, UriKind.Absolute, out var uri) ? uri : throw Bad("BaseUri", "an absolute URI");
        }

        options.ApplicationName = configuration["ApplicationName"] ?? options.ApplicationName;
        options.ApiKey = configuration["ApiKey"] ?? options.ApiKey;
        options.QuotaProject = configuration["QuotaProject"] ?? options.QuotaProject;
        options.Timeout = Span(configuration, "Timeout") ?? options.Timeout;
        options.AttemptTimeout = Span(configuration, "AttemptTimeout") ?? options.AttemptTimeout;
        options.GzipRequestBodies = Bool(configuration, "GzipRequestBodies") ?? options.GzipRequestBodies;
        options.DecompressResponses = Bool(configuration, "DecompressResponses") ?? options.DecompressResponses;
        options.AllowInsecureHttp = Bool(configuration, "AllowInsecureHttp") ?? options.AllowInsecureHttp;
        if (configuration["MaxResponseBodySize"] is { Length: > 0 } max)
        {
            options.MaxResponseBodySize = long.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw Bad("MaxResponseBodySize", "a positive integer");
        }

        var retry = configuration.GetSection("Retry");
        if (!retry.GetChildren().Any())
        {
            return;
        }

        var current = options.Retry;
        var codes = current.RetryableStatusCodes;
        var codesSection = retry.GetSection("RetryableStatusCodes");
        if (codesSection.Value is { Length: > 0 } list)
        {
            codes = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => Code(c)).ToFrozenSet();
        }
        else if (codesSection.GetChildren().Any())
        {
            codes = codesSection.GetChildren().Select(c => Code(c.Value)).ToFrozenSet();
        }

        options.Retry = new RetryPolicy
        {
            MaxAttempts = Int(retry, "MaxAttempts") ?? current.MaxAttempts,
            InitialDelay = Span(retry, "InitialDelay") ?? current.InitialDelay,
            MaxDelay = Span(retry, "MaxDelay") ?? current.MaxDelay,
            Multiplier = Double(retry, "Multiplier") ?? current.Multiplier,
            TotalBudget = retry["TotalBudget"] is { Length: > 0 } ? Span(retry, "TotalBudget") is { } b && b != Timeout.InfiniteTimeSpan ? b : null : current.TotalBudget,
            RetryNonIdempotent = Bool(retry, "RetryNonIdempotent") ?? current.RetryNonIdempotent,
            RetryableStatusCodes = codes,
        };
        options.Retry.Validate();
    }

    private static int Code(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599
            ? code
            : throw Bad("Retry:RetryableStatusCodes", "HTTP status codes");

    private static TimeSpan? Span(IConfiguration section, string key)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Equals("Infinite", StringComparison.OrdinalIgnoreCase))
        {
            return Timeout.InfiniteTimeSpan;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(key, "a TimeSpan such as 00:00:30, or Infinite");
    }

    private static bool? Bool(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } text ? bool.TryParse(text, out var value) ? value : throw Bad(key, "true or false") : null;

    private static int? Int(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } text ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(key, "an integer") : null;

    private static double? Double(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } text ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(key, "a number") : null;

    private static InvalidOperationException Bad(string key, string expected) =>
        new($"Configuration key '{key}' of the DiscoveryGen client options must be {expected}.");
}
