using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// A service-account key (<c>service_account</c>). By default an RS256 JWT assertion (<c>iss</c> the account,
/// <c>scope</c>, <c>aud</c> the <c>token_uri</c>, one hour) is exchanged at <c>token_uri</c> for an access token.
/// A self-signed JWT is sent instead, as Google's libraries do (AIP-4111), when the call has no scopes (audience: the
/// service), when <see cref="GoogleCredentialsOptions.UseSelfSignedJwt"/> is set (scopes in the JWT), and always
/// outside the <c>googleapis.com</c> universe (no token endpoint there). With
/// <see cref="GoogleCredentialsOptions.Subject"/> the assertion also carries <c>sub</c> (domain-wide delegation) and is
/// always exchanged.
/// </summary>
internal sealed class ServiceAccountCredentials : GoogleCredentials
{
    private const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private readonly string _email;
    private readonly JwtSigner _signer;
    private readonly string _tokenUriText;
    private readonly Uri _tokenUri;
    private readonly string _universe;

    public ServiceAccountCredentials(JsonElement root, string source, string? quotaProject, GoogleCredentialsOptions settings)
        : base(GoogleCredentialKind.ServiceAccount, source, quotaProject, settings)
    {
        _email = CredentialJson.Required(root, "client_email", source);
        _signer = JwtSigner.FromPem(CredentialJson.Required(root, "private_key", source), CredentialJson.Optional(root, "private_key_id", source), source);
        _tokenUriText = CredentialJson.Optional(root, "token_uri", source) ?? DefaultTokenUri;
        _tokenUri = CredentialJson.Endpoint(_tokenUriText, "token_uri", source);
        _universe = UniverseDomains.Check(CredentialJson.Optional(root, "universe_domain", source), source);
    }

    private protected override ValueTask<string> GetUniverseDomainCoreAsync(CancellationToken cancellationToken) => new(_universe);

    private protected override TokenPlan Plan(string[] scopes, string? audience)
    {
        var key = string.Join(' ', scopes);
        if (Settings.Subject is not null)
        {
            return DelegationPlan(scopes, key);
        }

        var selfSigned = !UniverseDomains.IsDefault(_universe) || Settings.UseSelfSignedJwt || scopes.Length == 0;
        if (!selfSigned)
        {
            return new TokenPlan("oauth:" + key, scopes, null, SelfSigned: false);
        }

        // Scopes are preferred in a self-signed JWT; the audience (the service) serves when there are none.
        return scopes.Length > 0 || audience is null
            ? new TokenPlan("jwt-scope:" + key, scopes, null, SelfSigned: true)
            : new TokenPlan("jwt-aud:" + audience, [], audience, SelfSigned: true);
    }

    /// <summary>
    /// Domain-wide delegation: only Google's token endpoint can issue a token that acts as a user (the base refuses a
    /// call without scopes). Refused before anything is sent where that cannot work.
    /// </summary>
    private TokenPlan DelegationPlan(string[] scopes, string key)
    {
        if (!UniverseDomains.IsDefault(_universe))
        {
            throw DelegationOutsideGoogle(_universe, Source);
        }

        return new TokenPlan("oauth:" + key, scopes, null, SelfSigned: false);
    }

    private protected override async Task<AccessToken> FetchAsync(TokenPlan plan, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (plan.SelfSigned)
        {
            var jwt = _signer.Sign(_email, _email, plan.Audience, plan.Scopes, now, JwtSigner.Lifetime);
            return new AccessToken(jwt, now, now + JwtSigner.Lifetime);
        }

        var assertion = _signer.Sign(_email, Settings.Subject, _tokenUriText, plan.Scopes, now, JwtSigner.Lifetime);
        return await AuthHttp.ExchangeJwtAsync(Http, _tokenUri, assertion, $"The token endpoint of {Source}", now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The token endpoint (<c>token_uri</c>), as the file gives it (the <c>aud</c> of an assertion) and parsed.</summary>
    internal override (string Text, Uri Uri)? TokenEndpoint => (_tokenUriText, _tokenUri);
}
