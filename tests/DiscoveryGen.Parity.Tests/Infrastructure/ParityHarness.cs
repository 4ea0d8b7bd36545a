#if PARITY_CORPUS
using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime;
using DiscoveryGen.Tests.Shared;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Services;
using Xunit;

namespace DiscoveryGen.Parity.Tests.Infrastructure;

/// <summary>
/// Runs one pair of calls (Google.Apis first, then DiscoveryGen) against a fresh recording Kestrel server that answers
/// both with the same canned response, and compares the two requests it recorded.
/// </summary>
public static class ParityHarness
{
    /// <summary>The access token both clients send (Google.Apis through a GoogleCredential, ours through an IAccessTokenProvider).</summary>
    public const string Token = "ya29.parity-token";

    /// <summary>The quota project both clients send as <c>x-goog-user-project</c>.</summary>
    public const string QuotaProject = "parity-quota";

    /// <summary>Google's credential: the same token and quota project as <see cref="OurOptions"/>.</summary>
    public static GoogleCredential GoogleCredentials() => GoogleCredential.FromAccessToken(Token).CreateWithQuotaProject(QuotaProject);

    /// <summary>Our options for a service on <paramref name="baseUri"/>: the same token, quota project and application name as Google's.</summary>
    public static ClientOptions OurOptions(Uri baseUri) => new()
    {
        BaseUri = baseUri,
        ApplicationName = "parity",
        AccessTokenProvider = AccessTokenProvider.FromToken(Token),
        QuotaProject = QuotaProject,
    };

    /// <summary>
    /// Google's StorageService pointed at the loopback server. Google.Apis joins BaseUri and each method's RestPath
    /// (RequestBuilder.UriJoin: BaseUri must end in '/', the path is relative), and its default BaseUri is
    /// rootUrl + servicePath = "https://storage.googleapis.com/storage/v1/", so the override keeps the servicePath.
    /// GZip stays enabled (Google's default): request bodies arrive gzipped and are gunzipped before comparison. Both
    /// clients carry the same token and quota project, so Authorization and x-goog-user-project are compared too.
    /// </summary>
    public static Google.Apis.Storage.v1.StorageService GoogleStorage(LoopbackServer server, bool gzip = true) =>
        new(new BaseClientService.Initializer
        {
            BaseUri = server.BaseUri + "storage/v1/",
            HttpClientInitializer = GoogleCredentials(),
            GZipEnabled = gzip,
            ApplicationName = "parity",
        });

    /// <summary>Our StorageService: DefaultBaseUri is "https://storage.googleapis.com/storage/v1/", so the same servicePath.</summary>
    public static global::Parity.Storage.StorageService OurStorage(HttpClient http, LoopbackServer server) =>
        new(http, OurOptions(new Uri(server.BaseUri, "storage/v1/")));

    /// <summary>Google's Oauth2Service: its BaseUri is "https://www.googleapis.com/" (servicePath empty).</summary>
    public static Google.Apis.Oauth2.v2.Oauth2Service GoogleOauth2(LoopbackServer server, bool gzip = true) =>
        new(new BaseClientService.Initializer
        {
            BaseUri = server.BaseUri.ToString(),
            HttpClientInitializer = GoogleCredentials(),
            GZipEnabled = gzip,
            ApplicationName = "parity",
        });

    /// <summary>Our Oauth2Service: DefaultBaseUri is "https://www.googleapis.com/".</summary>
    public static global::Parity.Oauth2.Oauth2Service OurOauth2(HttpClient http, LoopbackServer server) =>
        new(http, OurOptions(server.BaseUri));

    /// <summary>Sends the Google call, then ours, to one fresh server; returns both recorded requests, compared.</summary>
    public static async Task<ParityResult> RunPairAsync(
        string methodId,
        string documentPath,
        CannedResponse response,
        Func<LoopbackServer, Task> google,
        Func<LoopbackServer, Task> ours)
    {
        await using var server = await LoopbackServer.StartAsync(_ => response);
        await google(server);
        Assert.True(server.Requests.Count == 1, $"{methodId}: Google.Apis sent {server.Requests.Count} requests, expected 1.");
        await ours(server);
        var requests = server.Requests;
        Assert.True(requests.Count == 2, $"{methodId}: DiscoveryGen sent {requests.Count - 1} requests, expected 1.");
        return WireComparer.Compare(WireRequest.From(requests[0]), WireRequest.From(requests[1]), DiscoverySchemas.Load(documentPath), methodId);
    }

    /// <summary>Storage pair: each side gets its own client over the same server.</summary>
    public static Task<ParityResult> RunStorageAsync(ParityCase<Google.Apis.Storage.v1.StorageService, global::Parity.Storage.StorageService> pair) =>
        RunPairAsync(
            pair.MethodId,
            ParityCorpus.StoragePath,
            pair.Response,
            async server =>
            {
                using var google = GoogleStorage(server);
                await pair.Google(google);
            },
            async server =>
            {
                using var http = new HttpClient();
                await pair.Ours(OurStorage(http, server));
            });

    /// <summary>OAuth2 pair.</summary>
    public static Task<ParityResult> RunOauth2Async(ParityCase<Google.Apis.Oauth2.v2.Oauth2Service, global::Parity.Oauth2.Oauth2Service> pair) =>
        RunPairAsync(
            pair.MethodId,
            ParityCorpus.Oauth2Path,
            pair.Response,
            async server =>
            {
                using var google = GoogleOauth2(server);
                await pair.Google(google);
            },
            async server =>
            {
                using var http = new HttpClient();
                await pair.Ours(OurOauth2(http, server));
            });

    /// <summary>Fails listing every difference and both requests in full.</summary>
    public static void AssertSameRequest(ParityResult result, string name)
    {
        if (result.Differences.Count > 0)
        {
            Assert.Fail($"{name}: DiscoveryGen's request differs from Google.Apis':\n- {string.Join("\n- ", result.Differences)}\n{result.Describe()}");
        }
    }
}

/// <summary>One row of a parity table: the same call written against Google.Apis and against DiscoveryGen.</summary>
public sealed record ParityCase<TGoogle, TOurs>(
    string Name,
    string MethodId,
    CannedResponse Response,
    Func<TGoogle, Task> Google,
    Func<TOurs, Task> Ours)
{
    public override string ToString() => Name;
}
#endif
