using System;
using System.Collections.Generic;
using System.Text;

namespace DiscoveryGen.Runtime;

/// <summary>Removes credentials from text the runtime logs, traces or puts in exceptions.</summary>
public static class Redaction
{
    /// <summary>What replaces a secret.</summary>
    public const string Placeholder = "[REDACTED]";

    private static readonly HashSet<string> SensitiveQueryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "api_key", "apikey", "access_token", "id_token", "token", "oauth_token", "client_secret",
        "assertion", "code", "refresh_token", "sig", "signature", "x-goog-signature", "x-goog-credential",

        // A resumable upload's session URI is a capability: whoever holds it can write the upload.
        "upload_id",
    };

    /// <summary>Whether a query parameter carries a credential (its value is redacted).</summary>
    public static bool IsSensitiveQueryName(string name) => SensitiveQueryNames.Contains(name);

    /// <summary>
    /// The URI with user info removed and the values of credential-carrying query parameters (<c>key</c>,
    /// <c>access_token</c>, signatures, …) replaced by <see cref="Placeholder"/>.
    /// </summary>
    public static string RedactUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return RedactQuery(uri.OriginalString);
        }

        var left = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        var query = uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
        return query.Length == 0 ? left : left + "?" + RedactQuery(query);
    }

    private static string RedactQuery(string text)
    {
        var question = text.IndexOf('?', StringComparison.Ordinal);
        var prefix = question >= 0 ? text[..(question + 1)] : string.Empty;
        var query = question >= 0 ? text[(question + 1)..] : text;
        var builder = new StringBuilder(text.Length).Append(prefix);
        var first = true;
        foreach (var pair in query.Split('&'))
        {
            if (!first)
            {
                builder.Append('&');
            }

            first = false;
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            if (eq >= 0 && IsSensitiveQueryName(name))
            {
                builder.Append(pair, 0, eq + 1).Append(Placeholder);
            }
            else
            {
                builder.Append(pair);
            }
        }

        return builder.ToString();
    }

    /// <summary>Replaces every occurrence of each non-empty secret in <paramref name="text"/>.</summary>
    public static string? RedactSecrets(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret) && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
