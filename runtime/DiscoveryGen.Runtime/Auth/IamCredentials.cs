using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>IAM Credentials <c>generateAccessToken</c>: the request body and the <c>accessToken</c>/<c>expireTime</c> answer.</summary>
internal static class IamCredentials
{
    public static async Task<byte[]> GenerateAccessTokenAsync(
        HttpClient http, Uri endpoint, string bearer, IReadOnlyList<string> delegates, IReadOnlyList<string> scopes, TimeSpan lifetime, string what, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteDelegates(writer, delegates);
            writer.WriteStartArray("scope");
            foreach (var scope in scopes)
            {
                writer.WriteStringValue(scope);
            }

            writer.WriteEndArray();
            writer.WriteString("lifetime", ((long)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
            writer.WriteEndObject();
        }

        return await PostAsync(http, endpoint, bearer, buffer, what, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// IAM Credentials <c>signJwt</c>: the service account signs <paramref name="claims"/> (JSON text) with a Google-held
    /// key, so no private key ever leaves Google; returns the signed JWT.
    /// </summary>
    public static async Task<string> SignJwtAsync(
        HttpClient http, Uri endpoint, string bearer, IReadOnlyList<string> delegates, string claims, string what, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteDelegates(writer, delegates);
            writer.WriteString("payload", claims);
            writer.WriteEndObject();
        }

        var body = await PostAsync(http, endpoint, bearer, buffer, what, cancellationToken).ConfigureAwait(false);
        using var document = AuthHttp.ParseJson(body, what);
        var signed = document.RootElement.TryGetProperty("signedJwt", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return string.IsNullOrEmpty(signed) || signed.AsSpan().IndexOfAny('\r', '\n') >= 0
            ? throw new GoogleAuthException($"{what} answered without a signed JWT.")
            : signed;
    }

    /// <summary>The <c>delegates</c> chain (resource names), when there is one.</summary>
    private static void WriteDelegates(Utf8JsonWriter writer, IReadOnlyList<string> delegates)
    {
        if (delegates.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("delegates");
        foreach (var d in delegates)
        {
            writer.WriteStringValue(d);
        }

        writer.WriteEndArray();
    }

    /// <summary>POSTs the JSON body with the source's token; the token never appears in an error's message.</summary>
    private static async Task<byte[]> PostAsync(HttpClient http, Uri endpoint, string bearer, ArrayBufferWriter<byte> body, string what, CancellationToken cancellationToken)
    {
        using var message = AuthHttp.Json(endpoint, body.WrittenSpan.ToArray());
        message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        return await AuthHttp.SendAsync(http, message, what, [bearer], cancellationToken).ConfigureAwait(false);
    }

    public static AccessToken ReadToken(byte[] body, string what, DateTimeOffset now)
    {
        using var document = AuthHttp.ParseJson(body, what);
        var root = document.RootElement;
        var value = root.TryGetProperty("accessToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var expiresAt = DateTimeOffset.MaxValue;
        if (root.TryGetProperty("expireTime", out var e) && e.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires))
        {
            expiresAt = expires;
        }

        return new AccessToken(AuthHttp.CheckToken(value, what), now, expiresAt);
    }
}
