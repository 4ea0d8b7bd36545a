using System;

namespace DiscoveryGen.Runtime;

/// <summary>Wires <see cref="GoogleCredentials"/> into <see cref="ClientOptions"/>.</summary>
public static class GoogleCredentialsClientOptionsExtensions
{
    /// <summary>
    /// Authenticates every call with <paramref name="credentials"/> and, unless <see cref="ClientOptions.QuotaProject"/>
    /// is already set, bills the credential's <see cref="GoogleCredentials.QuotaProject"/>.
    /// </summary>
    public static ClientOptions UseGoogleCredentials(this ClientOptions options, GoogleCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        options.AccessTokenProvider = credentials;
        options.QuotaProject ??= credentials.QuotaProject;
        return options;
    }

    /// <summary>
    /// Authenticates every call with Application Default Credentials
    /// (<see cref="GoogleCredentials.FromApplicationDefault"/>: <c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud's file, the
    /// metadata server), on the options' <see cref="ClientOptions.TimeProvider"/> unless
    /// <paramref name="credentialsOptions"/> says otherwise, and bills their quota project unless one is set.
    /// </summary>
    /// <exception cref="GoogleAuthException">A credentials file was found but cannot be used.</exception>
    public static ClientOptions UseApplicationDefaultCredentials(this ClientOptions options, GoogleCredentialsOptions? credentialsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        credentialsOptions ??= new GoogleCredentialsOptions { TimeProvider = options.TimeProvider ?? TimeProvider.System };
        return options.UseGoogleCredentials(GoogleCredentials.FromApplicationDefault(credentialsOptions));
    }
}
