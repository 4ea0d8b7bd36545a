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
/// </summary>
internal sealed class ImpersonatedCredentials : GoogleCredentials
{
    private const string DelegatePrefix = "projects/-/serviceAccounts/";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly GoogleCredentials _source;
    private readonly Uri _endpoint;
    private readonly IReadOnlyList<string> _delegates;

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
        _source = CredentialFile.FromElement(sourceJson, sourceWhere, quotaOverride: null, settings);

        // Delegates are service-account emails or resource names; IAM wants resource names.
        var delegates = new List<string>();
        foreach (var d in CredentialJson.Strings(root, "delegates", source))
        {
            delegates.Add(d.Contains('/', StringComparison.Ordinal) ? d : DelegatePrefix + d);
        }

        _delegates = delegates;
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
        var what = $"IAM Credentials generateAccessToken for {Source}";
        var body = await IamCredentials.GenerateAccessTokenAsync(Http, _endpoint, sourceToken.Value, _delegates, scopes, Lifetime, what, cancellationToken).ConfigureAwait(false);
        return IamCredentials.ReadToken(body, what, Time.GetUtcNow());
    }
}
