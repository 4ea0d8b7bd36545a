using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Auth;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Google credentials as Google's own auth libraries find and use them, without reflection or third-party packages
/// (trimming- and NativeAOT-safe): service-account keys, gcloud user credentials, the metadata server, impersonated
/// service accounts and file/URL-sourced workload identity federation. Tokens are cached per scope set and refreshed
/// 3 min 45 s before they expire, with one request in flight however many calls wait; a rejected token (HTTP 401) is
/// replaced on the client's request. Create one instance and share it: it is thread-safe.
/// </summary>
/// <example>
/// <code>
/// var options = new ClientOptions().UseApplicationDefaultCredentials();
/// // or: var credentials = await GoogleCredentials.FromApplicationDefaultAsync(); options.UseGoogleCredentials(credentials);
/// </code>
/// </example>
public abstract class GoogleCredentials : IAccessTokenProvider
{
    internal const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>One instance, so the plan cache sees the same list every time.</summary>
    internal static readonly string[] CloudPlatformScopes = [CloudPlatformScope];

    // Plans per (scope list, base URI) instance: generated method tables and a client's base URI are reused on every
    // call, so the hot path allocates nothing. Bounded in case callers build new lists per call.
    private const int MaxCachedPlans = 512;

    private readonly TokenCache _cache;
    private readonly ConcurrentDictionary<PlanKey, TokenPlan> _plans = new();
    private readonly Func<TokenPlan, CancellationToken, Task<AccessToken>> _fetch;

    private protected GoogleCredentials(GoogleCredentialKind kind, string source, string? quotaProject, GoogleCredentialsOptions settings)
    {
        Kind = kind;
        Source = source;
        QuotaProject = string.IsNullOrEmpty(quotaProject) ? null : quotaProject;
        if (settings.Subject is not null && kind is not (GoogleCredentialKind.ServiceAccount or GoogleCredentialKind.ImpersonatedServiceAccount or GoogleCredentialKind.MetadataServer))
        {
            throw new GoogleAuthException($"GoogleCredentialsOptions.Subject (domain-wide delegation) needs a service account (a key, an impersonated account or the metadata server's), but {source} gives {kind} credentials.");
        }

        Settings = settings;
        _cache = new TokenCache(settings.TimeProvider);
        _fetch = FetchAsync;
    }

    /// <summary>The kind of credential (the <c>type</c> of its JSON file, or the metadata server).</summary>
    public GoogleCredentialKind Kind { get; }

    /// <summary>Where the credential came from (a file path, an environment variable, the metadata server's address); never a secret.</summary>
    public string Source { get; }

    /// <summary>
    /// The project billed for quota: the file's <c>quota_project_id</c> or, for Application Default Credentials, the
    /// <c>GOOGLE_CLOUD_QUOTA_PROJECT</c> environment variable. <see cref="GoogleCredentialsClientOptionsExtensions.UseGoogleCredentials"/>
    /// sends it as <c>x-goog-user-project</c> unless <see cref="ClientOptions.QuotaProject"/> is set.
    /// </summary>
    public string? QuotaProject { get; }

    internal GoogleCredentialsOptions Settings { get; }

    internal HttpClient Http => Settings.HttpClient ?? AuthHttp.Shared;

    internal TimeProvider Time => Settings.TimeProvider;

    /// <summary>
    /// Application Default Credentials, found as Google's libraries find them: the file named by
    /// <c>GOOGLE_APPLICATION_CREDENTIALS</c>; else gcloud's <c>application_default_credentials.json</c> (in
    /// <c>CLOUDSDK_CONFIG</c>, or <c>~/.config/gcloud</c>, or <c>%APPDATA%\gcloud</c> on Windows); else the metadata
    /// server (<c>GCE_METADATA_HOST</c> or 169.254.169.254). The files are read now; the metadata server is probed on
    /// first use, which then fails with a <see cref="GoogleAuthException"/> listing everything tried.
    /// </summary>
    /// <exception cref="GoogleAuthException">A credentials file was found but cannot be used (the message says why).</exception>
    /// <exception cref="NotSupportedException">The file's credential type is not supported here (the message names the alternative).</exception>
    public static GoogleCredentials FromApplicationDefault(GoogleCredentialsOptions? options = null) =>
        ApplicationDefaultCredentials.Find(Snapshot(options));

    /// <summary>
    /// <see cref="FromApplicationDefault"/>, probing the metadata server now when no file was found (up to 3 ×
    /// <see cref="GoogleCredentialsOptions.MetadataProbeTimeout"/>), so a missing credential fails here rather than at
    /// the first call.
    /// </summary>
    /// <exception cref="GoogleAuthException">No credentials were found (the message lists what was tried), or a file cannot be used.</exception>
    public static async Task<GoogleCredentials> FromApplicationDefaultAsync(GoogleCredentialsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var credentials = FromApplicationDefault(options);
        if (credentials is MetadataServerCredentials metadata)
        {
            await metadata.EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);
        }

        return credentials;
    }

    /// <summary>A credentials file (service-account key, gcloud user credentials, impersonation or workload identity configuration). Only load files you trust.</summary>
    /// <exception cref="GoogleAuthException">The file is missing, not JSON, or lacks a field its type needs.</exception>
    public static GoogleCredentials FromFile(string path, GoogleCredentialsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return CredentialFile.Load(path, $"the credentials file '{path}'", quotaOverride: null, Snapshot(options));
    }

    /// <summary>The JSON text of a credentials file (see <see cref="FromFile"/>). Only load JSON you trust.</summary>
    /// <exception cref="GoogleAuthException">The text is not JSON, or lacks a field its type needs.</exception>
    public static GoogleCredentials FromJson(string json, GoogleCredentialsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        return CredentialFile.Parse(json, "the credentials JSON", quotaOverride: null, Snapshot(options));
    }

    /// <summary>
    /// The metadata server's default service account (Cloud Run, GKE, Compute Engine, Cloud Functions), at
    /// <c>GCE_METADATA_HOST</c> or 169.254.169.254, asked for each method's scopes. Nothing is sent until the first token.
    /// </summary>
    public static GoogleCredentials FromMetadataServer(GoogleCredentialsOptions? options = null) =>
        new MetadataServerCredentials(Snapshot(options), quotaProject: null, lookupReport: null);

    /// <summary>
    /// The universe domain the credential belongs to (<c>googleapis.com</c> unless the file or the metadata server
    /// names a sovereign cloud's). Calls to a <c>*.googleapis.com</c> service with a credential of another universe are
    /// refused before anything is sent, as Google's libraries refuse them.
    /// </summary>
    public ValueTask<string> GetUniverseDomainAsync(CancellationToken cancellationToken = default) => GetUniverseDomainCoreAsync(cancellationToken);

    /// <summary>
    /// A token for <paramref name="request"/>'s method: its scopes (or <see cref="GoogleCredentialsOptions.Scopes"/>),
    /// and its service as the audience of self-signed JWTs. Cached until 3 min 45 s before expiry;
    /// <see cref="AccessTokenRequest.ForceRefresh"/> obtains a new one.
    /// </summary>
    /// <exception cref="GoogleAuthException">The credential cannot be used or its token endpoint refused (not retried).</exception>
    /// <exception cref="HttpRequestException">The token endpoint could not be reached or failed transiently (the client retries).</exception>
    public async ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var universe = await GetUniverseDomainCoreAsync(cancellationToken).ConfigureAwait(false);
        UniverseDomains.ThrowIfMismatch(universe, request.BaseUri);
        var token = await GetTokenAsync(Settings.Scopes ?? request.Scopes, request.BaseUri, request.ForceRefresh, cancellationToken).ConfigureAwait(false);
        return token.Value;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} credentials from {Source}";

    /// <summary>
    /// A token for a scope set (and the service at <paramref name="service"/>, the audience of self-signed JWTs), from
    /// the cache or one shared fetch.
    /// </summary>
    internal ValueTask<AccessToken> GetTokenAsync(IReadOnlyList<string> scopes, Uri? service, bool forceRefresh, CancellationToken cancellationToken)
    {
        var key = new PlanKey(scopes, service);
        if (!_plans.TryGetValue(key, out var plan))
        {
            var normalized = Normalize(scopes);
            if (Settings.Subject is not null && normalized.Length == 0)
            {
                // A token that acts as a user is issued only for scopes the domain granted: never a default.
                throw new GoogleAuthException("GoogleCredentialsOptions.Subject (domain-wide delegation) needs OAuth scopes, and this method has none: set GoogleCredentialsOptions.Scopes.");
            }

            plan = Plan(normalized, service is null ? null : service.GetLeftPart(UriPartial.Authority) + "/");
            if (_plans.Count < MaxCachedPlans)
            {
                _plans.TryAdd(key, plan);
            }
        }

        return _cache.GetAsync(plan, forceRefresh, _fetch, cancellationToken);
    }

    /// <summary>What to fetch for these (sorted, distinct) scopes and audience; <see cref="TokenPlan.Key"/> names the cache slot.</summary>
    /// <summary>Domain-wide delegation refused: only Google's token endpoint issues tokens that act as a user.</summary>
    internal static GoogleAuthException DelegationOutsideGoogle(string universe, string source) =>
        new($"GoogleCredentialsOptions.Subject (domain-wide delegation) needs Google's token endpoint, which the universe '{universe}' of {source} does not have.");

    /// <summary>The OAuth 2.0 token endpoint this credential uses, if it has one: its text (an assertion's <c>aud</c>) and URI.</summary>
    internal virtual (string Text, Uri Uri)? TokenEndpoint => null;

    private protected virtual TokenPlan Plan(string[] scopes, string? audience) => new(string.Join(' ', scopes), scopes, null, SelfSigned: false);

    /// <summary>Obtains a new token (never from the cache).</summary>
    private protected abstract Task<AccessToken> FetchAsync(TokenPlan plan, CancellationToken cancellationToken);

    private protected abstract ValueTask<string> GetUniverseDomainCoreAsync(CancellationToken cancellationToken);

    /// <summary>Compares the scope list and the URI by reference: the same instances mean the same plan.</summary>
    private readonly struct PlanKey(IReadOnlyList<string> scopes, Uri? service) : IEquatable<PlanKey>
    {
        private readonly IReadOnlyList<string> _scopes = scopes;
        private readonly Uri? _service = service;

        public bool Equals(PlanKey other) => ReferenceEquals(_scopes, other._scopes) && ReferenceEquals(_service, other._service);

        public override bool Equals(object? obj) => obj is PlanKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_scopes), _service is null ? 0 : RuntimeHelpers.GetHashCode(_service));
    }

    private static GoogleCredentialsOptions Snapshot(GoogleCredentialsOptions? options) => (options ?? new GoogleCredentialsOptions()).Snapshot();

    private static string[] Normalize(IReadOnlyList<string> scopes)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (!string.IsNullOrWhiteSpace(scope))
            {
                set.Add(scope);
            }
        }

        var result = new string[set.Count];
        set.CopyTo(result);
        return result;
    }
}
