using System;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Asks the call's <see cref="IAccessTokenProvider"/> for a token before every attempt (fresh after a 401, see
/// <see cref="RetryStage"/>), rejects an empty or malformed one before anything is sent, and registers it as a secret
/// so no log, trace or exception can carry it. The transport sends it as <c>Authorization: Bearer</c>.
/// </summary>
internal sealed class AuthorizationStage : CallStage
{
    private readonly Uri _baseUri;

    public AuthorizationStage(Uri baseUri) => _baseUri = baseUri;

    public override ValueTask ProcessAsync(CallContext call, ReadOnlyMemory<CallStage> next) =>
        call.TokenProvider is { } provider ? AuthorizeAsync(call, provider, next) : ProcessNextAsync(call, next);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AuthorizeAsync(CallContext call, IAccessTokenProvider provider, ReadOnlyMemory<CallStage> next)
    {
        string accessToken;
        try
        {
            var refresh = call.ForceTokenRefresh;
            call.ForceTokenRefresh = false;
            accessToken = await provider.GetAccessTokenAsync(new AccessTokenRequest(call.Request.Method, _baseUri) { ForceRefresh = refresh }, call.AttemptToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // The token endpoint failed: the API request itself was not sent.
            call.Failure = AttemptFailure.Transport(ex, nothingSent: true, "the access token could not be obtained");
            return;
        }

        if (string.IsNullOrEmpty(accessToken) || accessToken.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new InvalidOperationException($"The access token provider returned an empty or malformed token for {call.MethodId}.");
        }

        call.AddSecret(accessToken);
        call.AccessToken = accessToken;
        await ProcessNextAsync(call, next).ConfigureAwait(false);
    }
}
