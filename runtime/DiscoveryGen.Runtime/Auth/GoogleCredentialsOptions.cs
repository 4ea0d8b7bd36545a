using System;
using System.Collections.Generic;
using System.Net.Http;

namespace DiscoveryGen.Runtime;

/// <summary>How <see cref="GoogleCredentials"/> obtain tokens. Read once when a credential is created.</summary>
public sealed class GoogleCredentialsOptions
{
    /// <summary>The default time a metadata-server probe waits for an answer: 500 ms (tried up to 3 times).</summary>
    public static readonly TimeSpan DefaultMetadataProbeTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The HttpClient that talks to token endpoints, IAM Credentials, STS and the metadata server. Null uses a shared
    /// client of the runtime's (no proxy for the metadata server). It is never disposed here.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The clock for token expiry and JWT timestamps. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Scopes requested for every call instead of each method's own (null: the method's scopes, as Google's generated
    /// clients request them). User credentials (<c>authorized_user</c>) keep the scopes granted at login either way.
    /// </summary>
    public IReadOnlyList<string>? Scopes { get; set; }

    /// <summary>
    /// Service accounts only: send a self-signed JWT carrying the scopes instead of exchanging it at <c>token_uri</c>
    /// (Google's "JWT access with scopes": no token request at all). Default false. Always on outside the
    /// <c>googleapis.com</c> universe, where no token endpoint exists; a call without scopes always uses a self-signed
    /// JWT whose audience is the service (<c>https://host/</c>).
    /// </summary>
    public bool UseSelfSignedJwt { get; set; }

    /// <summary>
    /// Service accounts (keys, impersonated accounts, the metadata server's): the user (an email address in a Google
    /// Workspace domain) the service account acts as, through domain-wide delegation that the domain's administrator
    /// granted it for the requested scopes. The JWT assertion carries it as <c>sub</c> and is always exchanged at the
    /// token endpoint (a self-signed JWT cannot act as a user), so it cannot be combined with
    /// <see cref="UseSelfSignedJwt"/>, and a method without scopes needs <see cref="Scopes"/>. A key signs the assertion
    /// itself; an impersonated account and the metadata server's account have IAM Credentials <c>signJwt</c> sign it (no
    /// key anywhere; the caller needs <c>iam.serviceAccounts.signJwt</c> on the account, the metadata server's account on
    /// itself) and exchange it at the source's <c>token_uri</c> or Google's token endpoint. User credentials and workload
    /// identity federation refuse it when created. Default null: the service account itself.
    /// </summary>
    public string? Subject { get; set; }

    /// <summary>
    /// How long Application Default Credentials wait for the metadata server to answer a probe when no credentials file
    /// was found (each of up to 3 tries). Default <see cref="DefaultMetadataProbeTimeout"/>.
    /// </summary>
    public TimeSpan MetadataProbeTimeout { get; set; } = DefaultMetadataProbeTimeout;

    // Where domain-wide delegation from the metadata server signs (IAM Credentials) and exchanges (OAuth 2.0) its
    // assertion: Google's own endpoints; tests point them at a loopback server.
    internal Uri IamCredentialsRoot { get; set; } = new("https://iamcredentials.googleapis.com/");

    internal Uri OAuthTokenEndpoint { get; set; } = new("https://oauth2.googleapis.com/token");

    /// <summary>These settings for a credential that only serves another (an impersonation's source): it acts as itself, never as <see cref="Subject"/>.</summary>
    internal GoogleCredentialsOptions WithoutSubject() => new()
    {
        HttpClient = HttpClient,
        TimeProvider = TimeProvider,
        Scopes = Scopes,
        UseSelfSignedJwt = UseSelfSignedJwt,
        MetadataProbeTimeout = MetadataProbeTimeout,
        IamCredentialsRoot = IamCredentialsRoot,
        OAuthTokenEndpoint = OAuthTokenEndpoint,
    };

    internal GoogleCredentialsOptions Snapshot()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, "options.TimeProvider");
        if (MetadataProbeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("options", "GoogleCredentialsOptions.MetadataProbeTimeout must be positive.");
        }

        if (Subject is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(Subject, "options.Subject");
            if (UseSelfSignedJwt)
            {
                throw new ArgumentException("GoogleCredentialsOptions.Subject (domain-wide delegation) needs a token exchanged at the token endpoint; it cannot be combined with UseSelfSignedJwt.", "options");
            }
        }

        if (Scopes is not null)
        {
            foreach (var scope in Scopes)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(scope, "options.Scopes");
            }
        }

        return new GoogleCredentialsOptions
        {
            HttpClient = HttpClient,
            TimeProvider = TimeProvider,
            Scopes = Scopes is null ? null : [.. Scopes],
            UseSelfSignedJwt = UseSelfSignedJwt,
            Subject = Subject,
            MetadataProbeTimeout = MetadataProbeTimeout,
            IamCredentialsRoot = IamCredentialsRoot,
            OAuthTokenEndpoint = OAuthTokenEndpoint,
        };
    }
}
