using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Builds the <see cref="HttpRequestMessage"/> of one attempt: the URL (base URI or upload path, the method's query,
/// the standard parameters, <c>key</c>), the identifying <c>x-goog-*</c> headers, the caller's headers and the body.
/// One per <see cref="ApiClient"/>; it holds only what the base URI and the application name fix.
/// </summary>
internal sealed class RequestFactory
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private static readonly string LibraryVersion = typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    private static readonly string ApiClientHeader = $"gl-dotnet/{Environment.Version.ToString(3)} gdcl/{LibraryVersion}";

    private readonly ClientOptions _options;
    private readonly string _baseUri;
    private readonly string _authority;
    private readonly string _userAgent;

    /// <exception cref="ArgumentException">The application name makes an invalid User-Agent header.</exception>
    public RequestFactory(Uri baseUri, ClientOptions options)
    {
        _options = options;
        var text = baseUri.GetLeftPart(UriPartial.Path);
        _baseUri = text.EndsWith('/') ? text : text + "/";
        BasePath = new Uri(_baseUri).AbsolutePath;
        _authority = baseUri.GetLeftPart(UriPartial.Authority);
        var product = $"DiscoveryGen/{LibraryVersion}";
        _userAgent = string.IsNullOrWhiteSpace(options.ApplicationName) ? product : $"{options.ApplicationName} {product}";
        HeaderCheck.ThrowIfInvalid("User-Agent", _userAgent);
    }

    /// <summary>The base URI's path with a trailing slash (the prefix of every method's <c>url.template</c>).</summary>
    public string BasePath { get; }

    /// <summary>The message of the call's current attempt, with its access token (if any) as bearer token.</summary>
    public HttpRequestMessage Create(CallContext call)
    {
        var request = call.Request;
        var accessToken = call.AccessToken;
        var message = new HttpRequestMessage(call.Verb, BuildUri(call));
        message.Options.Set(ApiClient.MethodOptionKey, request.Method);
        message.Options.Set(ApiClient.AttemptOptionKey, call.Attempt);
        message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        message.Headers.TryAddWithoutValidation("x-goog-api-client", ApiClientHeader);
        if (request.ApiVersion is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Goog-Api-Version", request.ApiVersion);
        }

        if (accessToken is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + accessToken);
        }

        if (call.QuotaProject is not null)
        {
            message.Headers.TryAddWithoutValidation("x-goog-user-project", call.QuotaProject);
        }

        if (_options.DecompressResponses)
        {
            message.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate");
        }

        if (call.TransferHeaders is { } transferHeaders)
        {
            foreach (var header in transferHeaders)
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (call.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                message.Headers.Remove(header.Key);
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (call.Content is { } createContent)
        {
            message.Content = createContent();
        }
        else if (call.Body is { } body)
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = JsonContentType;
            if (call.BodyGzipped)
            {
                content.Headers.ContentEncoding.Add("gzip");
            }

            message.Content = content;
        }

        return message;
    }

    private Uri BuildUri(CallContext call)
    {
        var request = call.Request;
        if (call.SessionUri is { } session)
        {
            // A resumable session URI already names the upload (upload_id); nothing is added to it.
            return session;
        }

        var builder = new StringBuilder(_baseUri.Length + request.RelativePath.Length + 64);
        if (call.UploadPath is { } uploadPath)
        {
            // mediaUpload paths are absolute ("/upload/storage/v1/b/{bucket}/o"): the base URI's scheme and authority, then the path.
            builder.Append(_authority).Append(uploadPath);
        }
        else
        {
            builder.Append(_baseUri).Append(request.RelativePath);
        }

        var query = request.Query;
        var separator = '?';
        if (query.Length > 0)
        {
            builder.Append('?').Append(query);
            separator = '&';
        }

        var options = call.RequestOptions;
        if (options is not null)
        {
            AppendQuery(builder, ref separator, "fields", options.Fields);
            AppendQuery(builder, ref separator, "quotaUser", options.QuotaUser);
            AppendQuery(builder, ref separator, "prettyPrint", options.PrettyPrint is { } pretty ? WireFormat.Format(pretty) : null);
            AppendQuery(builder, ref separator, "$.xgafv", options.ErrorFormat);
            AppendQuery(builder, ref separator, "alt", call.Alt ?? options.Alt);
            AppendQuery(builder, ref separator, "callback", options.Callback);
            AppendQuery(builder, ref separator, "access_token", options.AccessToken);
            AppendQuery(builder, ref separator, "oauth_token", options.OAuthToken);
            AppendQuery(builder, ref separator, "uploadType", call.UploadType ?? options.UploadType);
            AppendQuery(builder, ref separator, "upload_protocol", options.UploadProtocol);
            if (options.QueryParameters is { } extra)
            {
                foreach (var pair in extra)
                {
                    AppendQuery(builder, ref separator, pair.Key, pair.Value);
                }
            }
        }
        else
        {
            AppendQuery(builder, ref separator, "alt", call.Alt);
            AppendQuery(builder, ref separator, "uploadType", call.UploadType);
        }

        AppendQuery(builder, ref separator, "key", call.ApiKey);
        return new Uri(builder.ToString(), UriKind.Absolute);
    }

    private static void AppendQuery(StringBuilder builder, ref char separator, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        builder.Append(separator).Append(PathEncoding.Escape(name)).Append('=').Append(PathEncoding.Escape(value));
        separator = '&';
    }
}
