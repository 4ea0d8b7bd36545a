using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// The metadata server's default service account: <c>GET http://{host}/computeMetadata/v1/instance/service-accounts/default/token?scopes=…</c>
/// with <c>Metadata-Flavor: Google</c>, where host is <c>GCE_METADATA_HOST</c> or 169.254.169.254. Its universe domain
/// comes from <c>universe/universe-domain</c> (404: <c>googleapis.com</c>). When Application Default Credentials fell
/// back to it, the server is probed first (its answer must carry <c>Metadata-Flavor: Google</c>) and a failed probe
/// reports every place that was searched. With <see cref="GoogleCredentialsOptions.Subject"/> (domain-wide delegation,
/// no key anywhere): the account's email from <c>service-accounts/default/email</c>, its cloud-platform token to IAM
/// Credentials <c>signJwt</c> for the assertion carrying <c>sub</c>, exchanged at Google's token endpoint.
/// </summary>
internal sealed class MetadataServerCredentials : GoogleCredentials
{
    public const string HostVariable = "GCE_METADATA_HOST";
    public const string DefaultHost = "169.254.169.254";
    private const int ProbeAttempts = 3;

    private readonly Uri _root;
    private readonly string? _lookupReport;
    private readonly Lock _gate = new();
    private Task? _probe;
    private bool _available;
    private Task<string>? _universe;
    private string? _email;

    public MetadataServerCredentials(GoogleCredentialsOptions settings, string? quotaProject, string? lookupReport)
        : this(HostFromEnvironment(), settings, quotaProject, lookupReport)
    {
    }

    private MetadataServerCredentials((string Host, Uri Root) server, GoogleCredentialsOptions settings, string? quotaProject, string? lookupReport)
        : base(GoogleCredentialKind.MetadataServer, $"the metadata server at {server.Host}", quotaProject, settings)
    {
        _root = server.Root;
        _lookupReport = lookupReport;
        _available = lookupReport is null;
    }

    private HttpClient MetadataHttp => Settings.HttpClient ?? AuthHttp.Metadata;

    /// <summary>The server named by <c>GCE_METADATA_HOST</c> (<c>host[:port]</c>), or the link-local default.</summary>
    internal static (string Host, Uri Root) HostFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable(HostVariable);
        if (string.IsNullOrWhiteSpace(host))
        {
            host = DefaultHost;
        }

        host = host.Trim();
        if (!Uri.TryCreate("http://" + host + "/", UriKind.Absolute, out var root) || root.PathAndQuery != "/" || !string.IsNullOrEmpty(root.UserInfo))
        {
            throw new GoogleAuthException($"{HostVariable} must be a host name or address with an optional port (host[:port]), not '{host}'.");
        }

        return (host, root);
    }

    /// <summary>Probes the server once per instance (again after a failure); throws the lookup report when it is not there.</summary>
    internal Task EnsureAvailableAsync(CancellationToken cancellationToken)
    {
        Task probe;
        lock (_gate)
        {
            if (_available)
            {
                return Task.CompletedTask;
            }

            probe = _probe ??= ProbeOrThrowAsync();
        }

        return probe.WaitAsync(cancellationToken);
    }

    private async Task ProbeOrThrowAsync()
    {
        await Task.Yield();
        var failure = await ProbeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _available = failure is null;
            _probe = null;
        }

        if (failure is not null)
        {
            throw new GoogleAuthException(
                $"No Google credentials were found. Application Default Credentials tried, in order: {_lookupReport}; " +
                $"{Source} ({failure}). Set GOOGLE_APPLICATION_CREDENTIALS to a credentials file, run " +
                "`gcloud auth application-default login`, or run on Google Cloud " +
                "(https://cloud.google.com/docs/authentication/provide-credentials-adc).");
        }
    }

    /// <summary>Null when the server answered as Google's metadata server; otherwise why not.</summary>
    private async Task<string?> ProbeAsync()
    {
        var timeout = Settings.MetadataProbeTimeout;
        string failure = "no answer";
        for (var attempt = 1; attempt <= ProbeAttempts; attempt++)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                using var message = Request(_root);
                using var response = await MetadataHttp.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
                if (response.Headers.TryGetValues("Metadata-Flavor", out var flavor) && flavor.Contains("Google", StringComparer.Ordinal))
                {
                    return null;
                }

                // Something else answers at that address: not a metadata server, and retrying will not change it.
                return $"HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)} without the Metadata-Flavor: Google header";
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                failure = $"no answer within {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms";
            }
            catch (HttpRequestException ex)
            {
                failure = ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString();
            }
        }

        return $"{failure}, {ProbeAttempts.ToString(CultureInfo.InvariantCulture)} tries";
    }

    private protected override async ValueTask<string> GetUniverseDomainCoreAsync(CancellationToken cancellationToken)
    {
        await EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);
        Task<string> universe;
        lock (_gate)
        {
            universe = _universe ??= FetchUniverseAsync();
        }

        return await universe.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> FetchUniverseAsync()
    {
        await Task.Yield();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using var message = Request(new Uri(_root, "computeMetadata/v1/universe/universe-domain"));
            using var response = await MetadataHttp.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                // Servers that predate universes: the default one.
                return UniverseDomains.Default;
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw AuthHttp.Failure(response.StatusCode, body, $"The universe domain of {Source}", Redaction.RedactUri(message.RequestUri!), []);
            }

            return UniverseDomains.Check(Encoding.UTF8.GetString(body).Trim(), Source);
        }
        catch
        {
            lock (_gate)
            {
                // Not cached: the next call asks again.
                _universe = null;
            }

            throw;
        }
    }

    private protected override async Task<AccessToken> FetchAsync(TokenPlan plan, CancellationToken cancellationToken)
    {
        await EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);
        return Settings.Subject is null
            ? await FetchServerTokenAsync(plan.Scopes, cancellationToken).ConfigureAwait(false)
            : await FetchDelegatedAsync(plan.Scopes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Domain-wide delegation: the account's assertion carrying <c>sub</c>, signed by IAM Credentials and exchanged.</summary>
    private async Task<AccessToken> FetchDelegatedAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var universe = await GetUniverseDomainAsync(cancellationToken).ConfigureAwait(false);
        if (!UniverseDomains.IsDefault(universe))
        {
            throw DelegationOutsideGoogle(universe, Source);
        }

        var email = _email ??= await ReadEmailAsync(cancellationToken).ConfigureAwait(false);
        var serverToken = await FetchServerTokenAsync(CloudPlatformScopes, cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        var tokenEndpoint = Settings.OAuthTokenEndpoint;
        var claims = JwtSigner.Claims(email, Settings.Subject, tokenEndpoint.OriginalString, scopes, now, JwtSigner.Lifetime);
        // The email as Google writes it in such paths ('@' is allowed in a path segment; ReadEmailAsync refused anything else).
        var signJwt = new Uri(Settings.IamCredentialsRoot, "v1/projects/-/serviceAccounts/" + email + ":signJwt");
        var assertion = await IamCredentials.SignJwtAsync(Http, signJwt, serverToken.Value, [], claims, $"IAM Credentials signJwt for {Source}", cancellationToken).ConfigureAwait(false);
        return await AuthHttp.ExchangeJwtAsync(Http, tokenEndpoint, assertion, $"Google's token endpoint, for {Source}", now, cancellationToken).ConfigureAwait(false);
    }

    // What a service account's email is made of (it goes into a URL path as it is).
    private static readonly System.Buffers.SearchValues<char> EmailCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_");

    /// <summary>The default service account's email (<c>service-accounts/default/email</c>).</summary>
    private async Task<string> ReadEmailAsync(CancellationToken cancellationToken)
    {
        using var message = Request(new Uri(_root, "computeMetadata/v1/instance/service-accounts/default/email"));
        var what = $"The service account email of {Source}";
        var email = Encoding.UTF8.GetString(await AuthHttp.SendAsync(MetadataHttp, message, what, [], cancellationToken).ConfigureAwait(false)).Trim();
        return email.Contains('@', StringComparison.Ordinal) && !email.AsSpan().ContainsAnyExcept(EmailCharacters)
            ? email
            : throw new GoogleAuthException($"{what} is not an email address.");
    }

    /// <summary>The metadata server's own token for the scopes (none: the account's default scopes).</summary>
    private async Task<AccessToken> FetchServerTokenAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var path = "computeMetadata/v1/instance/service-accounts/default/token";
        if (scopes.Count > 0)
        {
            path += "?scopes=" + Uri.EscapeDataString(string.Join(',', scopes));
        }

        var now = Time.GetUtcNow();
        using var message = Request(new Uri(_root, path));
        var what = $"The token endpoint of {Source}";
        var body = await AuthHttp.SendAsync(MetadataHttp, message, what, [], cancellationToken).ConfigureAwait(false);
        return AuthHttp.ReadOAuthToken(body, what, now);
    }

    private static HttpRequestMessage Request(Uri uri)
    {
        var message = AuthHttp.Get(uri);
        message.Headers.Add("Metadata-Flavor", "Google");
        return message;
    }
}
