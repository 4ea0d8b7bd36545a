using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// The HTTP side of every credential: shared clients, bounded reads, and turning an endpoint's refusal into
/// <see cref="GoogleAuthException"/> (or <see cref="HttpRequestException"/> when it is worth retrying) without secrets.
/// </summary>
internal static class AuthHttp
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxErrorTextChars = 512;

    private static readonly ProductInfoHeaderValue UserAgent = new("DiscoveryGen", typeof(AuthHttp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>Token endpoints, IAM Credentials, STS: the system proxy applies.</summary>
    public static readonly HttpClient Shared = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The metadata server is link-local and never behind a proxy.</summary>
    public static readonly HttpClient Metadata = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A form POST (<c>application/x-www-form-urlencoded</c>), as OAuth token endpoints take.</summary>
    public static HttpRequestMessage Form(Uri endpoint, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };
        message.Headers.UserAgent.Add(UserAgent);
        return message;
    }

    /// <summary>A JSON POST.</summary>
    public static HttpRequestMessage Json(Uri endpoint, byte[] utf8Json)
    {
        var content = new ByteArrayContent(utf8Json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        message.Headers.UserAgent.Add(UserAgent);
        return message;
    }

    /// <summary>A GET.</summary>
    public static HttpRequestMessage Get(Uri endpoint)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, endpoint);
        message.Headers.UserAgent.Add(UserAgent);
        return message;
    }

    /// <summary>
    /// Sends <paramref name="message"/> and returns the 2xx body (at most 64 KiB). Any other status throws, naming
    /// <paramref name="what"/> and carrying the endpoint's error code and description with every secret removed.
    /// </summary>
    public static async Task<byte[]> SendAsync(HttpClient http, HttpRequestMessage message, string what, string?[] secrets, CancellationToken cancellationToken)
    {
        var endpoint = Redaction.RedactUri(message.RequestUri!);
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await ReadBoundedAsync(response, what, endpoint, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        throw Failure(response.StatusCode, body, what, endpoint, secrets);
    }

    /// <summary>Parses a 2xx JSON body; anything else is the endpoint's fault and says so (without the body).</summary>
    public static JsonDocument ParseJson(byte[] body, string what)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw new GoogleAuthException($"{what} answered with a body that is not a JSON object.");
    }

    /// <summary>
    /// Exchanges a signed JWT assertion at an OAuth 2.0 token endpoint (the <c>jwt-bearer</c> grant, RFC 7523) for an
    /// access token; the assertion never appears in an error's message.
    /// </summary>
    public static async Task<AccessToken> ExchangeJwtAsync(HttpClient http, Uri tokenEndpoint, string assertion, string what, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var message = Form(tokenEndpoint, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = assertion,
        });
        var body = await SendAsync(http, message, what, [assertion], cancellationToken).ConfigureAwait(false);
        return ReadOAuthToken(body, what, now);
    }

    /// <summary>The <c>access_token</c>/<c>expires_in</c> of an OAuth 2.0 token response.</summary>
    public static AccessToken ReadOAuthToken(byte[] body, string what, DateTimeOffset obtainedAt, string accessTokenName = "access_token")
    {
        using var document = ParseJson(body, what);
        var root = document.RootElement;
        var value = root.TryGetProperty(accessTokenName, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var expiresAt = DateTimeOffset.MaxValue;
        if (root.TryGetProperty("expires_in", out var e))
        {
            // Usually a number; some endpoints send it as a string.
            if ((e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds)) ||
                (e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seconds)))
            {
                expiresAt = obtainedAt.AddSeconds(Math.Clamp(seconds, 0, 366L * 24 * 3600));
            }
        }

        return new AccessToken(CheckToken(value, what), obtainedAt, expiresAt);
    }

    /// <summary>A token must be non-empty and fit in a header.</summary>
    public static string CheckToken(string? value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new GoogleAuthException($"{what} answered without a usable access token.");
        }

        return value;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, string what, string endpoint, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new GoogleAuthException($"{what} ({endpoint}) answered with a body larger than {MaxBodyBytes} bytes.");
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new GoogleAuthException($"{what} ({endpoint}) answered with a body larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// OAuth errors (<c>{"error":"invalid_grant","error_description":"…"}</c>), google.rpc errors
    /// (<c>{"error":{"status":"PERMISSION_DENIED","message":"…"}}</c>) and plain text (the metadata server), with
    /// Google's own rule for what is transient: 408, 429, 5xx and the codes <c>internal_failure</c>,
    /// <c>server_error</c>, <c>temporarily_unavailable</c>.
    /// </summary>
    internal static Exception Failure(HttpStatusCode status, byte[] body, string what, string endpoint, string?[] secrets)
    {
        var (error, description) = ReadError(body);
        error = Clean(error, secrets);
        description = Clean(description, secrets);
        var code = (int)status;
        var detail = error is null && description is null ? string.Empty : ": " + (error is null ? description : description is null ? error : error + " (" + description + ")");
        var message = $"{what} ({endpoint}) answered HTTP {code}{detail}";
        var transient = code is 408 or 429 or >= 500 || error is "internal_failure" or "server_error" or "temporarily_unavailable";
        return transient
            ? new HttpRequestException(message + " (transient; the call may be retried).", null, status)
            : new GoogleAuthException(message + ".", endpoint, status, error, description);
    }

    private static (string? Error, string? Description) ReadError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString(), root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    return (status, message);
                }
            }

            return (null, null);
        }
        catch (JsonException)
        {
            // Plain text (the metadata server answers errors that way).
            var text = Encoding.UTF8.GetString(body).Trim();
            return (null, text.Length == 0 ? null : text);
        }
    }

    private static string? Clean(string? text, string?[] secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        text = Redaction.RedactSecrets(text, secrets)!;
        var builder = new StringBuilder(Math.Min(text.Length, MaxErrorTextChars + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxErrorTextChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return builder.ToString();
    }
}
