using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime;

/// <summary>
/// Supplies OAuth 2.0 access tokens. The client calls it before every attempt of every call, with the method's scopes;
/// implementations cache and refresh (the Google.Apis.Auth adapter, <c>DiscoveryGen.Auth.GoogleApis</c>, does).
/// Tokens are sent as <c>Authorization: Bearer …</c> and never logged, traced or put in exception messages.
/// </summary>
public interface IAccessTokenProvider
{
    /// <summary>Returns a current access token for <paramref name="request"/>.</summary>
    ValueTask<string> GetAccessTokenAsync(AccessTokenRequest request, CancellationToken cancellationToken);
}
