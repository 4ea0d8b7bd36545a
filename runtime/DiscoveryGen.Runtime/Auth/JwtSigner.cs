using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>RS256 JSON Web Tokens signed with a service account's private key (RFC 7515 compact form).</summary>
internal sealed class JwtSigner
{
    /// <summary>How long every assertion and self-signed JWT is valid: one hour, as Google's libraries make them.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly RSA _key;
    private readonly string? _keyId;
    private readonly Lock _gate = new();

    private JwtSigner(RSA key, string? keyId)
    {
        _key = key;
        _keyId = keyId;
    }

    /// <summary>Reads a PEM private key (PKCS#8 <c>PRIVATE KEY</c> or PKCS#1 <c>RSA PRIVATE KEY</c>).</summary>
    public static JwtSigner FromPem(string pem, string? keyId, string source)
    {
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            // The key text itself never goes into the message.
            throw new GoogleAuthException($"The private_key of {source} is not a PEM RSA private key ({ex.GetType().Name}).");
        }

        return new JwtSigner(key, keyId);
    }

    /// <summary>
    /// A signed JWT: <c>iss</c> and <c>iat</c>/<c>exp</c> (one hour), <c>sub</c> when given, then <c>aud</c> and
    /// <c>scope</c> when given.
    /// </summary>
    public string Sign(string issuer, string? subject, string? audience, IReadOnlyList<string>? scopes, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "RS256");
            writer.WriteString("typ", "JWT");
            if (!string.IsNullOrEmpty(_keyId))
            {
                writer.WriteString("kid", _keyId);
            }

            writer.WriteEndObject();
        }

        var header = Base64Url.EncodeToString(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        WriteClaims(buffer, issuer, subject, audience, scopes, issuedAt, lifetime);
        var signingInput = header + "." + Base64Url.EncodeToString(buffer.WrittenSpan);
        byte[] signature;
        lock (_gate)
        {
            signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The claims <see cref="Sign"/> signs, as JSON text (what IAM Credentials <c>signJwt</c> takes as its payload).</summary>
    public static string Claims(string issuer, string? subject, string? audience, IReadOnlyList<string>? scopes, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteClaims(buffer, issuer, subject, audience, scopes, issuedAt, lifetime);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteClaims(ArrayBufferWriter<byte> buffer, string issuer, string? subject, string? audience, IReadOnlyList<string>? scopes, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("iss", issuer);
        if (subject is not null)
        {
            writer.WriteString("sub", subject);
        }

        if (audience is not null)
        {
            writer.WriteString("aud", audience);
        }

        if (scopes is { Count: > 0 })
        {
            writer.WriteString("scope", string.Join(' ', scopes));
        }

        var iat = issuedAt.ToUnixTimeSeconds();
        writer.WriteNumber("iat", iat);
        writer.WriteNumber("exp", iat + (long)lifetime.TotalSeconds);
        writer.WriteEndObject();
    }
}
