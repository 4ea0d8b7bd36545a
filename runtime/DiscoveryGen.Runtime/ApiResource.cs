using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The base of generated services and resource classes: holds the <see cref="ApiClient"/> their methods send with.
/// </summary>
/// <remarks>
/// Generated services and resources can be mocked: every public instance member is virtual, and each class has a
/// protected parameterless constructor for mocking libraries (Moq, NSubstitute) and hand-written test doubles. An
/// instance made that way has no client: a member the double does not set up (or override) and that would send a
/// request throws <see cref="InvalidOperationException"/> saying so, and nothing is sent.
/// </remarks>
public abstract class ApiResource
{
    private readonly ApiClient? _client;

    /// <summary>Creates a service or resource sending with <paramref name="client"/>; null for a test double.</summary>
    /// <param name="client">The service's client; null when a mocking library or a subclass creates the instance.</param>
    protected ApiResource(ApiClient? client) => _client = client;

    /// <summary>
    /// The most empty pages in a row a paging helper follows: the client's
    /// <see cref="ClientOptions.MaxConsecutiveEmptyPages"/>, or its default in a test double, so <c>ListAllAsync</c> runs
    /// over a mocked <c>ListAsync</c> without a client.
    /// </summary>
    protected int __maxEmptyPages => _client?.Options.MaxConsecutiveEmptyPages ?? ClientOptions.DefaultMaxConsecutiveEmptyPages;

    /// <summary>The client requests are sent with (the name keeps it apart from any generated member).</summary>
    /// <exception cref="InvalidOperationException">This instance is a test double, created without a client.</exception>
    protected ApiClient __client => _client ?? throw new InvalidOperationException(
        $"{GetType()} has no ApiClient: it was created by its protected parameterless constructor (for mocking), or by " +
        "an operation handle of such an instance; set up this member on the mock or override it in the test double, " +
        "or create the service with an HttpClient.");

    /// <summary>
    /// The client, or null in a test double: for what works without one until it would send, such as the handle a
    /// <c>Start…Async</c> makes of a mocked method's operation (a done operation needs no poll; a poll throws as
    /// <see cref="__client"/> does).
    /// </summary>
    protected ApiClient? __clientOrNull => _client;
}
