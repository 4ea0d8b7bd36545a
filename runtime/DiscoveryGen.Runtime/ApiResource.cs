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
        $"{GetType()} was created by its protected parameterless constructor (for mocking) and has no ApiClient: " +
        "set up this member on the mock or override it in the test double, or create the service with an HttpClient.");
}
