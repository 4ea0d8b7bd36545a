using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// Workload identity federation (<c>external_account</c>) with a file- or URL-sourced subject token (Kubernetes,
/// GitHub Actions, Azure, any OIDC or SAML issuer): the subject token is exchanged at Google's STS
/// (<c>token_url</c>, RFC 8693 token exchange) for a federated token; with <c>service_account_impersonation_url</c>
/// that token (cloud-platform) then impersonates the service account through IAM Credentials. AWS- and
/// executable-sourced configurations and X.509 certificate sources need the Google.Apis.Auth adapter.
/// </summary>
internal sealed class ExternalAccountCredentials : GoogleCredentials
{
    private const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private const int MaxSubjectTokenBytes = 64 * 1024;

    private readonly string _audience;
    private readonly string _subjectTokenType;
    private readonly Uri _tokenUrl;
    private readonly Uri? _impersonationUrl;
    private readonly TimeSpan _impersonationLifetime;
    private readonly string? _clientId;
    private readonly string? _clientSecret;
    private readonly string? _workforceUserProject;
    private readonly string _universe;
    private readonly SubjectTokenSource _subject;

    public ExternalAccountCredentials(JsonElement root, string source, string? quotaProject, GoogleCredentialsOptions settings)
        : base(GoogleCredentialKind.ExternalAccount, source, quotaProject, settings)
    {
        _audience = CredentialJson.Required(root, "audience", source);
        _subjectTokenType = CredentialJson.Required(root, "subject_token_type", source);
        _universe = UniverseDomains.Check(CredentialJson.Optional(root, "universe_domain", source), source);
        _tokenUrl = CredentialJson.Endpoint(CredentialJson.Optional(root, "token_url", source) ?? $"https://sts.{_universe}/v1/token", "token_url", source);
        if (CredentialJson.Optional(root, "service_account_impersonation_url", source) is { } impersonation)
        {
            _impersonationUrl = CredentialJson.Endpoint(impersonation, "service_account_impersonation_url", source);
        }

        var lifetimeSeconds = CredentialJson.OptionalObject(root, "service_account_impersonation", source) is { } options
            ? CredentialJson.OptionalInteger(options, "token_lifetime_seconds", source)
            : null;
        if (lifetimeSeconds is < 600 or > 43200)
        {
            throw new GoogleAuthException($"The token_lifetime_seconds of {source} must be between 600 and 43200.");
        }

        _impersonationLifetime = TimeSpan.FromSeconds(lifetimeSeconds ?? 3600);
        _clientId = CredentialJson.Optional(root, "client_id", source);
        _clientSecret = CredentialJson.Optional(root, "client_secret", source);
        _workforceUserProject = CredentialJson.Optional(root, "workforce_pool_user_project", source);
        var credentialSource = CredentialJson.OptionalObject(root, "credential_source", source)
            ?? throw new GoogleAuthException($"{CredentialJson.Capitalize(source)} has no 'credential_source'.");
        _subject = SubjectTokenSource.Parse(credentialSource, source);
    }

    private protected override ValueTask<string> GetUniverseDomainCoreAsync(CancellationToken cancellationToken) => new(_universe);

    private protected override async Task<AccessToken> FetchAsync(TokenPlan plan, CancellationToken cancellationToken)
    {
        var scopes = plan.Scopes.Count > 0 ? plan.Scopes : CloudPlatformScopes;
        if (_impersonationUrl is null)
        {
            return await ExchangeAsync(scopes, cancellationToken).ConfigureAwait(false);
        }

        var federated = await ExchangeAsync(CloudPlatformScopes, cancellationToken).ConfigureAwait(false);
        var what = $"IAM Credentials generateAccessToken for {Source}";
        var body = await IamCredentials.GenerateAccessTokenAsync(Http, _impersonationUrl, federated.Value, [], scopes, _impersonationLifetime, what, cancellationToken).ConfigureAwait(false);
        return IamCredentials.ReadToken(body, what, Time.GetUtcNow());
    }

    private async Task<AccessToken> ExchangeAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var subjectToken = await _subject.ReadAsync(Http, Source, cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = TokenExchangeGrant,
            ["audience"] = _audience,
            ["scope"] = string.Join(' ', scopes),
            ["requested_token_type"] = AccessTokenType,
            ["subject_token"] = subjectToken,
            ["subject_token_type"] = _subjectTokenType,
        };
        if (_workforceUserProject is not null && _clientId is null)
        {
            // Workforce pools bill a user project; with client authentication the client id already determines it.
            fields["options"] = "{\"userProject\":\"" + JsonEncodedText.Encode(_workforceUserProject) + "\"}";
        }

        using var message = AuthHttp.Form(_tokenUrl, fields);
        if (_clientId is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(_clientId + ":" + (_clientSecret ?? string.Empty)));
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        var what = $"The security token service of {Source}";
        var body = await AuthHttp.SendAsync(Http, message, what, [subjectToken, _clientSecret], cancellationToken).ConfigureAwait(false);
        return AuthHttp.ReadOAuthToken(body, what, now);
    }

    /// <summary>Where the subject token comes from: a file or a URL, as text or a field of a JSON object.</summary>
    private sealed class SubjectTokenSource
    {
        private string? _file;
        private Uri? _url;
        private IReadOnlyList<KeyValuePair<string, string>> _headers = [];
        private string? _jsonField;

        public static SubjectTokenSource Parse(JsonElement credentialSource, string source)
        {
            var where = $"the credential_source of {source}";
            if (credentialSource.TryGetProperty("environment_id", out _))
            {
                throw CredentialFile.NotSupported("AWS-sourced external_account", source);
            }

            if (credentialSource.TryGetProperty("executable", out _))
            {
                throw CredentialFile.NotSupported("executable-sourced external_account", source);
            }

            if (credentialSource.TryGetProperty("certificate", out _))
            {
                throw CredentialFile.NotSupported("X.509 certificate-sourced external_account", source);
            }

            var result = new SubjectTokenSource
            {
                _file = CredentialJson.Optional(credentialSource, "file", where),
            };
            if (CredentialJson.Optional(credentialSource, "url", where) is { } url)
            {
                // Usually a local or link-local identity endpoint (Azure IMDS): plain http is the norm there.
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new GoogleAuthException($"The url of {where} must be an absolute http(s) URL.");
                }

                result._url = uri;
                if (CredentialJson.OptionalObject(credentialSource, "headers", where) is { } headers)
                {
                    var list = new List<KeyValuePair<string, string>>();
                    foreach (var header in headers.EnumerateObject())
                    {
                        list.Add(new(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : throw new GoogleAuthException($"The headers of {where} must be strings.")));
                    }

                    result._headers = list;
                }
            }

            if ((result._file is null) == (result._url is null))
            {
                throw new GoogleAuthException($"{CredentialJson.Capitalize(where)} must name exactly one of 'file' or 'url' (AWS, executable and certificate sources need the Google.Apis.Auth adapter).");
            }

            if (CredentialJson.OptionalObject(credentialSource, "format", where) is { } format)
            {
                var type = CredentialJson.Optional(format, "type", where) ?? "text";
                if (type == "json")
                {
                    result._jsonField = CredentialJson.Required(format, "subject_token_field_name", where);
                }
                else if (type != "text")
                {
                    throw new GoogleAuthException($"The format type of {where} must be 'text' or 'json', not '{type}'.");
                }
            }

            return result;
        }

        public async Task<string> ReadAsync(HttpClient http, string source, CancellationToken cancellationToken)
        {
            byte[] content;
            string origin;
            if (_file is not null)
            {
                origin = $"the subject token file '{_file}' of {source}";
                try
                {
                    var info = new FileInfo(_file);
                    if (!info.Exists)
                    {
                        throw new GoogleAuthException($"{CredentialJson.Capitalize(origin)} does not exist.");
                    }

                    if (info.Length > MaxSubjectTokenBytes)
                    {
                        throw new GoogleAuthException($"{CredentialJson.Capitalize(origin)} is larger than 64 KiB.");
                    }

                    content = await File.ReadAllBytesAsync(_file, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new GoogleAuthException($"{CredentialJson.Capitalize(origin)} could not be read: {ex.Message}", ex);
                }
            }
            else
            {
                origin = $"the subject token URL of {source}";
                using var message = AuthHttp.Get(_url!);
                foreach (var (name, value) in _headers)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                content = await AuthHttp.SendAsync(http, message, CredentialJson.Capitalize(origin), [], cancellationToken).ConfigureAwait(false);
            }

            string? token;
            if (_jsonField is null)
            {
                token = Encoding.UTF8.GetString(content).Trim();
            }
            else
            {
                using var document = AuthHttp.ParseJson(content, CredentialJson.Capitalize(origin));
                token = document.RootElement.TryGetProperty(_jsonField, out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            }

            return string.IsNullOrEmpty(token)
                ? throw new GoogleAuthException($"{CredentialJson.Capitalize(origin)} holds no subject token{(_jsonField is null ? string.Empty : $" in the field '{_jsonField}'")}.")
                : token;
        }
    }
}
