using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary><see cref="RequestFactory"/>: the URL, headers and body of one attempt.</summary>
public sealed class RequestFactoryTests
{
    private static HttpRequestMessage Create(CallContext call)
    {
        call.Attempt = Math.Max(call.Attempt, 1);
        return new RequestFactory(call.Client.BaseUri, call.Client.Options).Create(call);
    }

    private static string Header(HttpRequestMessage message, string name) =>
        string.Join(", ", message.Headers.NonValidated.First(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value);

    [Fact]
    public void Url_IsBaseAndPath_ThenTheMethodsQuery_ThenTheStandardParameters_ThenTheKey()
    {
        var client = Kit.Client(configure: o => o.ApiKey = "k 1");
        var request = Kit.Request(path: "items/a");
        request.AddQuery("pageSize", 5);
        var options = new RequestOptions
        {
            Fields = "name,etag",
            QuotaUser = "q",
            PrettyPrint = false,
            QueryParameters = new Dictionary<string, string> { ["x"] = "y&z" },
        };

        using var message = Create(Kit.Call(client, request, options));

        Assert.Equal(
            "https://svc.example.test/v1/items/a?pageSize=5&fields=name%2Cetag&quotaUser=q&prettyPrint=false&x=y%26z&key=k%201",
            message.RequestUri!.OriginalString);
    }

    [Fact]
    public void UploadPath_ReplacesTheBasePath_KeepingSchemeAndAuthority()
    {
        var client = Kit.Client();
        var call = Kit.Start(new CallContext(client, Kit.Request(), null) { UploadPath = "/upload/v1/items", UploadType = "multipart", Alt = "json" });

        using var message = Create(call);

        Assert.Equal("https://svc.example.test/upload/v1/items?alt=json&uploadType=multipart", message.RequestUri!.OriginalString);
    }

    [Fact]
    public void SessionUri_IsUsedExactly_WithNothingAdded()
    {
        var session = new Uri("https://svc.example.test/upload/v1/items?uploadType=resumable&upload_id=abc");
        var client = Kit.Client(configure: o => o.ApiKey = "k");
        var call = Kit.Start(new CallContext(client, Kit.Request(), new RequestOptions { Fields = "name" }) { SessionUri = session, TransferVerb = HttpMethod.Put });

        using var message = Create(call);

        Assert.Same(session, message.RequestUri);
        Assert.Equal(HttpMethod.Put, message.Method);
    }

    [Fact]
    public void Headers_IdentifyTheClient_AndCarryTheAttemptsToken()
    {
        var client = Kit.Client(configure: o =>
        {
            o.ApplicationName = "my-app/1.2";
            o.QuotaProject = "billing-project";
        });
        var request = Kit.Request();
        request.ApiVersion = "2024-01-01";
        var call = Kit.Call(client, request);
        call.AccessToken = "ya29.t";

        using var message = Create(call);

        Assert.StartsWith("my-app/1.2 DiscoveryGen/", Header(message, "User-Agent"), StringComparison.Ordinal);
        Assert.StartsWith("gl-dotnet/", Header(message, "x-goog-api-client"), StringComparison.Ordinal);
        Assert.Equal("2024-01-01", Header(message, "X-Goog-Api-Version"));
        Assert.Equal("Bearer ya29.t", Header(message, "Authorization"));
        Assert.Equal("billing-project", Header(message, "x-goog-user-project"));
        Assert.Equal("gzip, deflate", Header(message, "Accept-Encoding"));
    }

    [Fact]
    public void WithoutAToken_NoAuthorizationHeaderIsSent()
    {
        using var message = Create(Kit.Call(Kit.Client()));

        Assert.DoesNotContain(message.Headers.NonValidated, h => h.Key == "Authorization");
    }

    [Fact]
    public void CallersHeaders_WinOverTheRuntimesAndTheTransfers()
    {
        var client = Kit.Client();
        var options = new RequestOptions { Headers = new Dictionary<string, string> { ["User-Agent"] = "mine", ["X-Upload-Content-Type"] = "image/png" } };
        var call = Kit.Start(new CallContext(client, Kit.Request(), options) { TransferHeaders = [new("X-Upload-Content-Type", "text/plain"), new("X-Extra", "1")] });

        using var message = Create(call);

        Assert.Equal("mine", Header(message, "User-Agent"));
        Assert.Equal("image/png", Header(message, "X-Upload-Content-Type"));
        Assert.Equal("1", Header(message, "X-Extra"));
    }

    [Fact]
    public async Task JsonBody_IsGzipped_AndMarked_WhenAsked()
    {
        var client = Kit.Client(configure: o => o.GzipRequestBodies = true);
        var request = Kit.Request(Kit.Post, "items");
        request.SetJsonBody(System.Text.Json.JsonDocument.Parse("""{"name":"a"}""").RootElement);

        using var message = Create(Kit.Call(client, request));

        Assert.Equal("gzip", Assert.Single(message.Content!.Headers.ContentEncoding));
        Assert.Equal("application/json", message.Content.Headers.ContentType?.MediaType);
        await using var gzip = new GZipStream(await message.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        Assert.Equal("""{"name":"a"}""", await new StreamReader(gzip).ReadToEndAsync());
    }

    [Fact]
    public void TransferContent_ReplacesTheJsonBody_ForEachAttempt()
    {
        var client = Kit.Client();
        var request = Kit.Request(Kit.Post, "items");
        request.SetEmptyJsonBody();
        var created = 0;
        var call = Kit.Start(new CallContext(client, request, null) { Content = () => new ByteArrayContent([(byte)++created]) });

        using var first = Create(call);
        using var second = Create(call);

        Assert.Equal(2, created);
        Assert.Null(call.Body);
    }

    [Fact]
    public void Message_NamesItsMethodAndAttempt_ForHandlers()
    {
        var call = Kit.Call(Kit.Client());
        call.Attempt = 3;

        using var message = Create(call);

        Assert.True(message.Options.TryGetValue(ApiClient.MethodOptionKey, out var method));
        Assert.Same(Kit.Get, method);
        Assert.True(message.Options.TryGetValue(ApiClient.AttemptOptionKey, out var attempt));
        Assert.Equal(3, attempt);
    }

    [Fact]
    public void ApplicationNameThatWouldSplitTheHeader_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Kit.Client(configure: o => o.ApplicationName = "app\r\nX-Evil: 1"));

        Assert.Contains("User-Agent", ex.Message, StringComparison.Ordinal);
    }
}
