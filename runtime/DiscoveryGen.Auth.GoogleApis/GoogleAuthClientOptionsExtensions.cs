using System;
using DiscoveryGen.Runtime;
using Google.Apis.Auth.OAuth2;

namespace DiscoveryGen.Auth.GoogleApis;

/// <summary>Wires Google credentials into <see cref="ClientOptions"/>.</summary>
public static class GoogleAuthClientOptionsExtensions
{
    /// <summary>
    /// Authenticates every call with <paramref name="credential"/> and, unless <see cref="ClientOptions.QuotaProject"/>
    /// is already set, bills the credential's quota project.
    /// </summary>
    public static ClientOptions UseGoogleCredential(this ClientOptions options, GoogleCredential credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = new GoogleCredentialTokenProvider(credential);
        options.AccessTokenProvider = provider;
        options.QuotaProject ??= provider.QuotaProject;
        return options;
    }
}
