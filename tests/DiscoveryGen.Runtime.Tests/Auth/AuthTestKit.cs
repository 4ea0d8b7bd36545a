using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Auth;

/// <summary>Keys, credential files, JWT checks and token-endpoint answers shared by the credential tests.</summary>
internal static class AuthTestKit
{
    public const string ClientEmail = "adc-test@p1.iam.gserviceaccount.com";
    public const string ScopeA = "https://www.googleapis.com/auth/cloud-platform";
    public const string ScopeB = "https://www.googleapis.com/auth/devstorage.read_only";

    /// <summary>Every test starts on this instant (a FakeTimeProvider's), so iat/exp are exact.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static readonly Uri GoogleService = new("https://cloudaicompanion.googleapis.com/");

    public static string ServiceAccountJson(RSA key, Uri tokenUri, string? quotaProject = null, string? universe = null)
    {
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "p1",
            ["private_key_id"] = "kid-7",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "1234",
            ["token_uri"] = tokenUri.ToString(),
        };
        if (quotaProject is not null)
        {
            json["quota_project_id"] = quotaProject;
        }

        if (universe is not null)
        {
            json["universe_domain"] = universe;
        }

        return json.ToJsonString();
    }

    public static string AuthorizedUserJson(Uri? tokenUri, string refreshToken = "1//refresh-secret-9f3", string? quotaProject = null)
    {
        var json = new JsonObject
        {
            ["type"] = "authorized_user",
            ["client_id"] = "client-77.apps.googleusercontent.com",
            ["client_secret"] = "client-secret-d41",
            ["refresh_token"] = refreshToken,
        };
        if (tokenUri is not null)
        {
            json["token_uri"] = tokenUri.ToString();
        }

        if (quotaProject is not null)
        {
            json["quota_project_id"] = quotaProject;
        }

        return json.ToJsonString();
    }

    public static AccessTokenRequest Request(Uri baseUri, bool forceRefresh = false, params string[] scopes) =>
        new(new MethodDescriptor("test.things.get", "GET", "v1/{+name}", null, scopes, []), baseUri) { ForceRefresh = forceRefresh };

    public static CannedResponse Token(string value, int expiresIn = 3600) =>
        CannedResponse.Json($$"""{"access_token":"{{value}}","expires_in":{{expiresIn}},"token_type":"Bearer"}""");

    public static Dictionary<string, string> Form(RecordedRequest request)
    {
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(request.BodyText).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>Checks the RS256 signature with the key's public half and returns the header and the claims.</summary>
    public static (JsonElement Header, JsonElement Claims) VerifyJwt(string jwt, RSA key)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        var valid = publicKey.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        Assert.True(valid, "the JWT's RS256 signature does not verify with the service account's public key");
        return (JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement, JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement);
    }

    /// <summary>Tokens ya29.t1, ya29.t2, … in order of issue.</summary>
    public static Func<string> Counter(string prefix = "ya29.t")
    {
        var n = 0;
        return () => prefix + Interlocked.Increment(ref n);
    }
}
