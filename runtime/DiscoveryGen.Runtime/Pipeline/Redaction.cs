using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DiscoveryGen.Runtime;

/// <summary>Removes credentials from text the runtime logs, traces or puts in exceptions.</summary>
public static class Redaction
{
    /// <summary>What replaces a secret.</summary>
    public const string Placeholder = "[REDACTED]";

    // C0 and C1 controls (CR, LF, NEL among them), DEL, and the Unicode line and paragraph separators: what can split a
    // log line or forge one when server text is printed.
    private static readonly SearchValues<char> LineBreaking = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F" +
        "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\u2028\u2029");

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

    /// <summary>
    /// <paramref name="text"/> with every control character, DEL and U+2028/U+2029 written as a visible escape
    /// (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\uXXXX</c>): server text in a message or a log line stays on one line and
    /// cannot forge another. The same instance when there is nothing to escape.
    /// </summary>
    internal static string EscapeLineBreaks(string text)
    {
        var first = text.AsSpan().IndexOfAny(LineBreaking);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!LineBreaking.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ => builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
            };
        }

        return builder.ToString();
    }

    /// <summary>
    /// JSON text with its <c>\uXXXX</c> and <c>\/</c> escapes written as the characters they stand for, except those
    /// that must stay escaped for the text to remain the same JSON (quote, backslash, control characters): a credential
    /// a server echoed escaped (<c>\u0079a29…</c>) becomes visible to <see cref="RedactSecrets"/>. The same instance when
    /// nothing was decoded.
    /// </summary>
    internal static string DecodeJsonEscapes(string text)
    {
        var backslash = text.IndexOf('\\', StringComparison.Ordinal);
        if (backslash < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length).Append(text, 0, backslash);
        var decoded = false;
        var i = backslash;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                i++;
                continue;
            }

            var next = text[i + 1];
            if (next == '/')
            {
                builder.Append('/');
                decoded = true;
                i += 2;
            }
            else if (next == 'u' && i + 6 <= text.Length &&
                ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) &&
                code >= 0x20 && code != '"' && code != '\\')
            {
                builder.Append((char)code);
                decoded = true;
                i += 6;
            }
            else
            {
                // Another escape (\", \\, \n, …) is kept as written, both characters, so its second one is never
                // taken for the start of an escape.
                builder.Append(c).Append(next);
                i += 2;
            }
        }

        return decoded ? builder.ToString() : text;
    }
}
