using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// A service account impersonated through IAM Credentials (<c>impersonated_service_account</c>, what
/// <c>gcloud auth application-default login --impersonate-service-account</c> writes): the source credential
/// (<c>authorized_user</c> or <c>service_account</c>) obtains a cloud-platform token, then
/// <c>POST service_account_impersonation_url</c> (<c>…/serviceAccounts/{email}:generateAccessToken</c>) with the
/// <c>delegates</c> chain, the method's scopes and a one-hour lifetime returns the impersonated account's token.
/// With <see cref="GoogleCredentialsOptions.Subject"/> (domain-wide delegation without a key): IAM Credentials
/// <c>signJwt</c> (the same URL, <c>:signJwt</c>) signs the account's assertion carrying <c>sub</c>, which is exchanged
/// at the source credential's token endpoint.
/// </summary>
internal sealed class ImpersonatedCredentials : GoogleCredentials
{
    private const string DelegatePrefix = "projects/-/serviceAccounts/";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly GoogleCredentials _source;
    private readonly Uri _endpoint;
    private readonly IReadOnlyList<string> _delegates;

    // Domain-wide delegation: the account (from the URL), signJwt beside generateAccessToken, the source's token endpoint.
    private readonly string? _email;
    private readonly Uri? _signJwt;
    private readonly (string Text, Uri Uri)? _tokenEndpoint;

    public ImpersonatedCredentials(JsonElement root, string source, string? quotaProject, GoogleCredentialsOptions settings)
        : base(GoogleCredentialKind.ImpersonatedServiceAccount, source, quotaProject, settings)
    {
        _endpoint = CredentialJson.Endpoint(CredentialJson.Required(root, "service_account_impersonation_url", source), "service_account_impersonation_url", source);
        if (!_endpoint.AbsolutePath.EndsWith(":generateAccessToken", StringComparison.Ordinal))
        {
            throw new GoogleAuthException($"The service_account_impersonation_url of {source} must end in ':generateAccessToken'.");
        }

        var sourceJson = CredentialJson.OptionalObject(root, "source_credentials", source)
            ?? throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} has no 'source_credentials'.");
        var sourceWhere = $"the source_credentials of {source}";
        var sourceType = CredentialJson.Optional(sourceJson, "type", sourceWhere);
        if (sourceType is not ("authorized_user" or "service_account"))
        {
            throw new GoogleAuthException($"The source_credentials of {source} must be of type authorized_user or service_account, not '{sourceType}'.");
        }

        // The source keeps its own quota project out of it: the impersonated account is billed as the file says.
        // The source acts as itself: with domain-wide delegation only the impersonated account's assertion carries sub.
        _source = CredentialFile.FromElement(sourceJson, sourceWhere, quotaOverride: null, settings.Subject is null ? settings : settings.WithoutSubject());

        // Delegates are service-account emails or resource names; IAM wants resource names.
        var delegates = new List<string>();
        foreach (var d in CredentialJson.Strings(root, "delegates", source))
        {
            delegates.Add(d.Contains('/', StringComparison.Ordinal) ? d : DelegatePrefix + d);
        }

        _delegates = delegates;
        if (settings.Subject is not null)
        {
            // .../serviceAccounts/{email}:generateAccessToken: the account signs, at .../serviceAccounts/{email}:signJwt.
            var path = _endpoint.AbsolutePath;
            var account = path[(path.LastIndexOf('/') + 1)..^":generateAccessToken".Length];
            _email = Uri.UnescapeDataString(account);
            _signJwt = new Uri(_endpoint, path[..^":generateAccessToken".Length] + ":signJwt");
            _tokenEndpoint = _source.TokenEndpoint
                ?? throw new GoogleAuthException($"GoogleCredentialsOptions.Subject (domain-wide delegation) needs a token endpoint, and the source_credentials of {source} have none.");
            // Only Google's own universe has a token endpoint that issues tokens acting as a user (the sources' universe
            // is known without a request).
            if (_source.GetUniverseDomainAsync(CancellationToken.None) is { IsCompletedSuccessfully: true, Result: var universe } && !UniverseDomains.IsDefault(universe))
            {
                throw DelegationOutsideGoogle(universe, source);
            }

            if (_email.Length == 0 || !_email.Contains('@', StringComparison.Ordinal))
            {
                throw new GoogleAuthException($"GoogleCredentialsOptions.Subject (domain-wide delegation) needs the service account's email in the service_account_impersonation_url of {source}.");
            }
        }
    }

    private protected override ValueTask<string> GetUniverseDomainCoreAsync(CancellationToken cancellationToken) =>
        _source.GetUniverseDomainAsync(cancellationToken);

    private protected override async Task<AccessToken> FetchAsync(TokenPlan plan, CancellationToken cancellationToken)
    {
        var scopes = plan.Scopes.Count > 0 ? plan.Scopes : CloudPlatformScopes;
        try
        {
            return await GenerateAsync(scopes, refreshSource: false, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleAuthException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            // IAM rejected the source's token: once more with a new one.
            return await GenerateAsync(scopes, refreshSource: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AccessToken> GenerateAsync(IReadOnlyList<string> scopes, bool refreshSource, CancellationToken cancellationToken)
    {
        var sourceToken = await _source.GetTokenAsync(CloudPlatformScopes, service: null, refreshSource, cancellationToken).ConfigureAwait(false);
        if (_tokenEndpoint is { } tokenEndpoint)
        {
            var now = Time.GetUtcNow();
            var claims = JwtSigner.Claims(_email!, Settings.Subject, tokenEndpoint.Text, scopes, now, JwtSigner.Lifetime);
            var assertion = await IamCredentials.SignJwtAsync(Http, _signJwt!, sourceToken.Value, _delegates, claims, $"IAM Credentials signJwt for {Source}", cancellationToken).ConfigureAwait(false);
            return await AuthHttp.ExchangeJwtAsync(Http, tokenEndpoint.Uri, assertion, $"The token endpoint of {Source}", now, cancellationToken).ConfigureAwait(false);
        }

        var what = $"IAM Credentials generateAccessToken for {Source}";
        var body = await IamCredentials.GenerateAccessTokenAsync(Http, _endpoint, sourceToken.Value, _delegates, scopes, Lifetime, what, cancellationToken).ConfigureAwait(false);
        return IamCredentials.ReadToken(body, what, Time.GetUtcNow());
    }
}
