using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using Google.Apis.Auth.OAuth2;

namespace DiscoveryGen.Auth.GoogleApis;

/// <summary>
/// An <see cref="IAccessTokenProvider"/> over a Google.Apis.Auth <see cref="GoogleCredential"/>: Application Default
/// Credentials, service-account keys, user credentials, workload identity federation, compute metadata. Tokens are
/// cached and refreshed by Google.Apis.Auth. A credential that needs scopes is scoped with each method's scopes
/// (one scoped copy per distinct scope set, cached). When the API rejects a token (HTTP 401) the client asks once for
/// a forced refresh, which this provider honours for service-account, compute, impersonated and user credentials.
/// </summary>
public sealed class GoogleCredentialTokenProvider : IAccessTokenProvider
{
    private readonly ConcurrentDictionary<string, ITokenAccess> _scoped = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="credential"/>.</summary>
    public GoogleCredentialTokenProvider(GoogleCredential credential)
    {
        Credential = credential ?? throw new ArgumentNullException(nameof(credential));
    }

    /// <summary>The wrapped credential.</summary>
    public GoogleCredential Credential { get; }

    /// <summary>The credential's quota project (from its JSON or <c>GOOGLE_CLOUD_QUOTA_PROJECT</c>), if any.</summary>
    public string? QuotaProject => Credential.QuotaProject;

    /// <summary>Application Default Credentials (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud, metadata server).</summary>
    public static async Task<GoogleCredentialTokenProvider> FromApplicationDefaultAsync(CancellationToken cancellationToken = default) =>
        new(await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>A service-account key (the JSON file the Cloud console downloads). Only load keys you trust.</summary>
    public static GoogleCredentialTokenProvider FromServiceAccountKeyJson(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        return new(CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential());
    }

    /// <summary>A service-account key file. Only load keys you trust.</summary>
    public static GoogleCredentialTokenProvider FromServiceAccountKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromServiceAccountKeyJson(File.ReadAllText(path));
    }

    /// <inheritdoc />
    public async ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ITokenAccess access;
        if (Credential.IsCreateScopedRequired)
        {
            var scopes = request.Scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            access = _scoped.GetOrAdd(string.Join(' ', scopes), static (_, state) => state.Credential.CreateScoped(state.Scopes), (Credential, Scopes: (IEnumerable<string>)scopes));
        }
        else
        {
            access = Credential;
        }

        if (request.ForceRefresh)
        {
            // The server rejected the cached token: obtain a new one before answering.
            switch ((access as GoogleCredential)?.UnderlyingCredential)
            {
                case ServiceCredential service:
                    await service.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case UserCredential user:
                    await user.RefreshTokenAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        var audience = request.BaseUri.GetLeftPart(UriPartial.Authority) + "/";
        return await access.GetAccessTokenForRequestAsync(audience, cancellationToken).ConfigureAwait(false);
    }
}
