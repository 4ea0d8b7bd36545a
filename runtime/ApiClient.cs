using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Sends the requests of one generated service over a caller-owned <see cref="HttpClient"/>.
/// Generated services create one; it holds no handler and disposes nothing.
/// </summary>
public sealed class ApiClient
{
    private const int MaxErrorBodyChars = 4096;
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private static readonly string LibraryVersion = typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    private static readonly string ApiClientHeader = $"gl-dotnet/{Environment.Version.ToString(3)} gdcl/{LibraryVersion}";

    private readonly string _baseUri;
    private readonly string _userAgent;

    /// <summary>Creates the client for one service.</summary>
    /// <param name="httpClient">The caller's HttpClient; never disposed here.</param>
    /// <param name="options">Service-wide options; null for defaults.</param>
    /// <param name="defaultBaseUri">The document's <c>rootUrl</c> + <c>servicePath</c>.</param>
    public ApiClient(HttpClient httpClient, ClientOptions? options, Uri defaultBaseUri)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(defaultBaseUri);
        HttpClient = httpClient;
        Options = options ?? new ClientOptions();
        BaseUri = Options.BaseUri ?? defaultBaseUri;
        if (!BaseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"BaseUri must be absolute: '{BaseUri}'.", nameof(options));
        }

        var text = BaseUri.GetLeftPart(UriPartial.Path);
        _baseUri = text.EndsWith('/') ? text : text + "/";
        var product = $"DiscoveryGen/{LibraryVersion}";
        _userAgent = string.IsNullOrWhiteSpace(Options.ApplicationName) ? product : $"{Options.ApplicationName} {product}";
        HeaderCheck.ThrowIfInvalid("User-Agent", _userAgent);
    }

    /// <summary>The HttpClient requests go through.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>The options this client was created with.</summary>
    public ClientOptions Options { get; }

    /// <summary>The base URI method paths are resolved against.</summary>
    public Uri BaseUri { get; }

    /// <summary>Sends a request whose response has no content of interest (e.g. <c>Empty</c>).</summary>
    public async Task SendAsync(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
    {
        using var message = CreateHttpRequest(request, options);
        using var response = await HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await CreateExceptionAsync(request, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a request and reads the JSON response with the model's generated reader.</summary>
    public Task<T> SendAsync<T>(ApiRequest request, RequestOptions? options, CancellationToken cancellationToken)
        where T : IJsonModel<T> => SendAsync(request, options, T.ReadJson, cancellationToken);

    /// <summary>Sends a request and reads the JSON response with <paramref name="read"/>.</summary>
    public async Task<T> SendAsync<T>(ApiRequest request, RequestOptions? options, JsonReadFunc<T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var message = CreateHttpRequest(request, options);
        using var response = await HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await CreateExceptionAsync(request, response, cancellationToken).ConfigureAwait(false);
        }

        var (buffer, length) = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            return Deserialize(request, response.StatusCode, buffer.AsSpan(0, length), read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Builds the HTTP request message exactly as it will be sent (useful for logging and tests).</summary>
    public HttpRequestMessage CreateHttpRequest(ApiRequest request, RequestOptions? options)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new HttpRequestMessage(request.Method.HttpMethod, BuildUri(request, options));
        message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        message.Headers.TryAddWithoutValidation("x-goog-api-client", ApiClientHeader);
        if (request.ApiVersion is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Goog-Api-Version", request.ApiVersion);
        }

        if (options?.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                HeaderCheck.ThrowIfInvalid(header.Key, header.Value);
                message.Headers.Remove(header.Key);
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (request.JsonBody is { } body)
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = JsonContentType;
            message.Content = content;
        }

        return message;
    }

    private Uri BuildUri(ApiRequest request, RequestOptions? options)
    {
        var builder = new StringBuilder(_baseUri.Length + request.RelativePath.Length + 64);
        builder.Append(_baseUri).Append(request.RelativePath);
        var query = request.Query;
        var separator = '?';
        if (query.Length > 0)
        {
            builder.Append('?').Append(query);
            separator = '&';
        }

        if (options is not null)
        {
            AppendQuery(builder, ref separator, "fields", options.Fields);
            AppendQuery(builder, ref separator, "quotaUser", options.QuotaUser);
            AppendQuery(builder, ref separator, "prettyPrint", options.PrettyPrint is { } pretty ? WireFormat.Format(pretty) : null);
            AppendQuery(builder, ref separator, "$.xgafv", options.ErrorFormat);
            AppendQuery(builder, ref separator, "alt", options.Alt);
            AppendQuery(builder, ref separator, "callback", options.Callback);
            AppendQuery(builder, ref separator, "key", options.Key);
            AppendQuery(builder, ref separator, "access_token", options.AccessToken);
            AppendQuery(builder, ref separator, "oauth_token", options.OAuthToken);
            AppendQuery(builder, ref separator, "uploadType", options.UploadType);
            AppendQuery(builder, ref separator, "upload_protocol", options.UploadProtocol);
            if (options.QueryParameters is { } extra)
            {
                foreach (var pair in extra)
                {
                    AppendQuery(builder, ref separator, pair.Key, pair.Value);
                }
            }
        }

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

    private static T Deserialize<T>(ApiRequest request, HttpStatusCode status, ReadOnlySpan<byte> body, JsonReadFunc<T> read)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read())
            {
                throw new JsonException("The response body is empty.");
            }

            return read(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new ApiException(
                request.Method.Id,
                status,
                error: null,
                rawBody: BoundedText(body),
                $"{request.Method.Id}: the {(int)status} response could not be read as {typeof(T).Name}: {ex.Message}",
                ex);
        }
    }

    private static async Task<ApiException> CreateExceptionAsync(ApiRequest request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = buffer.AsSpan(0, length);
            var error = RpcStatus.TryParse(body);
            var raw = BoundedText(body);
            var status = (int)response.StatusCode;
            var text = new StringBuilder(128)
                .Append(request.Method.Id).Append(" failed with HTTP ").Append(status);
            if (!string.IsNullOrEmpty(response.ReasonPhrase))
            {
                text.Append(" (").Append(response.ReasonPhrase).Append(')');
            }

            if (error is not null)
            {
                text.Append(": ").Append(error.Status ?? "error").Append(": ").Append(error.Message);
            }
            else if (raw is null)
            {
                text.Append(" and an empty body.");
            }
            else
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "unknown content type";
                text.Append(" and a non-JSON body (").Append(mediaType).Append("): ").Append(Snippet(raw));
            }

            return new ApiException(request.Method.Id, response.StatusCode, error, raw, text.ToString());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? BoundedText(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        return text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars];
    }

    private static string Snippet(string text)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        return single.Length <= 200 ? single : single[..200] + "…";
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var length = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length is > 0 and < int.MaxValue ? (int)length.Value : 16 * 1024);
        var total = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, total);
                }

                total += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
