#if PARITY_CORPUS
using System.Collections.Generic;
using System.Linq;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Tests.Shared;
using G = Google.Apis.Oauth2.v2;
using PO = Parity.Oauth2.Oauth2Service;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// The oauth2 v2 parity table: ALL the methods oauth2.v2.json declares (oauth2.tokeninfo, oauth2.userinfo.get,
/// oauth2.userinfo.v2.me.get), through Google.Apis.Oauth2.v2 and through the DiscoveryGen client.
/// </summary>
public static class Oauth2ParityCases
{
    public const string TokeninfoBody =
        """{"issued_to":"123.apps.googleusercontent.com","audience":"123.apps.googleusercontent.com","user_id":"1093","scope":"openid https://www.googleapis.com/auth/userinfo.email","expires_in":3599,"email":"a@example.com","verified_email":true}""";

    public const string UserinfoBody =
        """{"id":"1093","email":"a@example.com","verified_email":true,"name":"Aino Bäck","given_name":"Aino","family_name":"Bäck","picture":"https://lh3.googleusercontent.com/a/x","locale":"fi","hd":"example.com"}""";

    /// <summary>An access token shaped like a real one: '.', '-', '_' and '/' plus '+' and '=' that need escaping.</summary>
    private const string AccessToken = "ya29.a0AfB_byC-x/y+z==";

    private const string IdToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMDkzIn0.c2ln-_";

    private static readonly CannedResponse Tokeninfo = CannedResponse.Json(TokeninfoBody);
    private static readonly CannedResponse Userinfo = CannedResponse.Json(UserinfoBody);

    public static IReadOnlyList<ParityCase<G.Oauth2Service, PO>> All { get; } = new List<ParityCase<G.Oauth2Service, PO>>
    {
        new("tokeninfo access_token", "oauth2.tokeninfo", Tokeninfo,
            g =>
            {
                var r = g.Tokeninfo();
                r.AccessToken = AccessToken;
                return r.ExecuteAsync();
            },
            o => o.TokeninfoAsync(accessToken: AccessToken)),

        new("tokeninfo id_token", "oauth2.tokeninfo", Tokeninfo,
            g =>
            {
                var r = g.Tokeninfo();
                r.IdToken = IdToken;
                return r.ExecuteAsync();
            },
            o => o.TokeninfoAsync(idToken: IdToken)),

        new("tokeninfo access_token and id_token", "oauth2.tokeninfo", Tokeninfo,
            g =>
            {
                var r = g.Tokeninfo();
                r.AccessToken = AccessToken;
                r.IdToken = IdToken;
                return r.ExecuteAsync();
            },
            o => o.TokeninfoAsync(accessToken: AccessToken, idToken: IdToken)),

        new("tokeninfo no parameters", "oauth2.tokeninfo", Tokeninfo,
            g => g.Tokeninfo().ExecuteAsync(),
            o => o.TokeninfoAsync()),

        new("userinfo.get", "oauth2.userinfo.get", Userinfo,
            g => g.Userinfo.Get().ExecuteAsync(),
            o => o.Userinfo.GetAsync()),

        new("userinfo.v2.me.get", "oauth2.userinfo.v2.me.get", Userinfo,
            g => g.Userinfo.V2.Me.Get().ExecuteAsync(),
            o => o.Userinfo.V2.Me.GetAsync()),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static ParityCase<G.Oauth2Service, PO> Get(string name) => All.Single(c => c.Name == name);
}
#endif
