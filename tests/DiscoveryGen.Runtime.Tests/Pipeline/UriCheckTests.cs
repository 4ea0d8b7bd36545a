using System;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Runtime.Pipeline;
using DiscoveryGen.Runtime.Testing;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Pipeline;

/// <summary>
/// <see cref="UriCheck"/>: a request whose URI the runtime was given at run time (a resumable session URI) goes only to
/// the service's own hosts or those the caller trusts, checked when the call is resolved, before anything is sent.
/// </summary>
public sealed class UriCheckTests
{
    private static CallContext<string?> SessionCall(ApiClient client, string session) =>
        new(client, Kit.Request(), null, Kit.ReadName) { SessionUri = new Uri(session), TransferVerb = HttpMethod.Put };

    [Theory]
    [InlineData("https://svc.example.test/upload/v1/items?upload_id=1")]
    [InlineData("https://SVC.example.test./other/path")]
    [InlineData("https://svc.example.test:443/x")]
    public void SessionOnTheServicesHost_IsAccepted(string session) => Kit.Start(SessionCall(Kit.Client(), session));

    [Theory]
    [InlineData("https://evil.example/upload?upload_id=1")]
    [InlineData("https://svc.example.test.evil.example/upload")]
    [InlineData("https://svc.example.test:8443/upload")]
    [InlineData("http://svc.example.test/upload")]
    [InlineData("https://example.test/upload")]
    public async Task SessionOnAnyOtherHost_IsRefused_AndNothingIsSent(string session)
    {
        var stub = new ApiStubHandler();
        var client = Kit.Client(stub, configure: o => o.AccessTokenProvider = AccessTokenProvider.FromToken("ya29.t"));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.Pipeline.SendAsync(SessionCall(client, session), default).Bounded());

        Assert.Empty(stub.Requests);
        Assert.StartsWith($"test.items.get: refused to send a request to {new Uri(session).GetLeftPart(UriPartial.Authority)}/, which is not one of the service's hosts (https://svc.example.test)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("upload_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeSession_IsRefused()
    {
        var call = new CallContext<string?>(Kit.Client(), Kit.Request(), null, Kit.ReadName) { SessionUri = new Uri("upload?upload_id=1", UriKind.Relative) };

        Assert.Equal("test.items.get: a session URI must be absolute. (Parameter 'uri')", Assert.Throws<ArgumentException>(() => Kit.Start(call)).Message);
    }

    [Fact]
    public void HostsTheCallerTrusts_AreAccepted_BySchemeHostAndPort()
    {
        var client = Kit.Client(configure: o => o.TrustedHosts.Add(new Uri("https://uploads.example.org:8443/ignored/path")));

        Kit.Start(SessionCall(client, "https://uploads.example.org:8443/upload?upload_id=1"));
        Assert.Throws<ArgumentException>(() => Kit.Start(SessionCall(client, "https://uploads.example.org/upload?upload_id=1")));
    }

    [Fact]
    public void WithABaseUriOfItsOwn_TheDocumentsHostStaysTrusted()
    {
        var options = new ClientOptions { BaseUri = new Uri("https://private.example.net/v1/"), TimeProvider = Kit.Clock() };
        var client = new ApiClient(new HttpClient(new ApiStubHandler()), options, Kit.BaseUri);

        Kit.Start(SessionCall(client, "https://private.example.net/upload?upload_id=1"));
        Kit.Start(SessionCall(client, "https://svc.example.test/upload?upload_id=1"));
        var ex = Assert.Throws<ArgumentException>(() => Kit.Start(SessionCall(client, "https://evil.example/upload")));
        Assert.Contains("(https://private.example.net, https://svc.example.test)", ex.Message, StringComparison.Ordinal);
    }
}
