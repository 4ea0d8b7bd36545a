using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// A user's refresh token (<c>authorized_user</c>, what <c>gcloud auth application-default login</c> writes),
/// exchanged at <c>token_uri</c> with the <c>refresh_token</c> grant. The token carries the scopes granted at login,
/// so one token serves every method. Google supports user credentials in the <c>googleapis.com</c> universe only.
/// </summary>
internal sealed class AuthorizedUserCredentials : GoogleCredentials
{
    private const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly Uri _tokenUri;
    private string _refreshToken;

    public AuthorizedUserCredentials(JsonElement root, string source, string? quotaProject, GoogleCredentialsOptions settings)
        : base(GoogleCredentialKind.AuthorizedUser, source, quotaProject, settings)
    {
        _clientId = CredentialJson.Required(root, "client_id", source);
        _clientSecret = CredentialJson.Required(root, "client_secret", source);
        _refreshToken = CredentialJson.Required(root, "refresh_token", source);
        _tokenUri = CredentialJson.Endpoint(CredentialJson.Optional(root, "token_uri", source) ?? DefaultTokenUri, "token_uri", source);
        var universe = UniverseDomains.Check(CredentialJson.Optional(root, "universe_domain", source), source);
        if (!UniverseDomains.IsDefault(universe))
        {
            throw new GoogleAuthException(
                $"{CredentialJson.Capitalize(source)} holds user credentials for the universe domain '{universe}'; Google supports user credentials only in '{UniverseDomains.Default}'. Use a service account.");
        }
    }

    private protected override ValueTask<string> GetUniverseDomainCoreAsync(CancellationToken cancellationToken) => new(UniverseDomains.Default);

    /// <summary>The token endpoint (<c>token_uri</c>).</summary>
    internal override (string Text, Uri Uri)? TokenEndpoint => (_tokenUri.OriginalString, _tokenUri);

    // The refresh grant cannot add scopes to what the user consented to: one token for every scope set.
    private protected override TokenPlan Plan(string[] scopes, string? audience) => new("user", [], null, SelfSigned: false);

    private protected override async Task<AccessToken> FetchAsync(TokenPlan plan, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var refreshToken = Volatile.Read(ref _refreshToken);
        using var message = AuthHttp.Form(_tokenUri, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = _clientId,
            ["client_secret"] = _clientSecret,
            ["refresh_token"] = refreshToken,
        });
        var what = $"The token endpoint of {Source}";
        var body = await AuthHttp.SendAsync(Http, message, what, [_clientSecret, refreshToken], cancellationToken).ConfigureAwait(false);
        using (var document = AuthHttp.ParseJson(body, what))
        {
            // The endpoint may rotate the refresh token; keep using the newest, as Google's libraries do.
            if (document.RootElement.TryGetProperty("refresh_token", out var rotated) && rotated.ValueKind == JsonValueKind.String &&
                rotated.GetString() is { Length: > 0 } newRefreshToken)
            {
                Volatile.Write(ref _refreshToken, newRefreshToken);
            }
        }

        return AuthHttp.ReadOAuthToken(body, what, now);
    }
}
