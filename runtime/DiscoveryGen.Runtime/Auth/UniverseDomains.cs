using System;

namespace DiscoveryGen.Runtime.Auth;

/// <summary>
/// Google's universe domains: <c>googleapis.com</c> and the domains of sovereign clouds. A credential only works for
/// services of its own universe; Google's libraries refuse a mismatch before sending anything.
/// </summary>
internal static class UniverseDomains
{
    public const string Default = "googleapis.com";

    public static bool IsDefault(string universe) => string.Equals(universe, Default, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Throws when the service is known to live in another universe than the credential: a <c>*.googleapis.com</c>
    /// host with a credential of another universe. A host under the credential's universe passes, as do hosts of
    /// neither (private endpoints, emulators, loopback), which cannot be told apart from a custom endpoint.
    /// </summary>
    public static void ThrowIfMismatch(string credentialUniverse, Uri baseUri)
    {
        if (baseUri.IsLoopback)
        {
            return;
        }

        var host = baseUri.IdnHost.TrimEnd('.');
        if (IsUnder(host, credentialUniverse) || IsDefault(credentialUniverse) || !IsUnder(host, Default))
        {
            return;
        }

        throw new GoogleAuthException(
            $"The credential belongs to the universe domain '{credentialUniverse}' but the service {baseUri.GetLeftPart(UriPartial.Authority)}/ " +
            $"is in '{Default}': its tokens would be rejected. Use a credential of the service's universe, or point " +
            $"ClientOptions.BaseUri at the service's endpoint in '{credentialUniverse}'.");
    }

    /// <summary>Validates a universe domain read from a credential file or the metadata server.</summary>
    public static string Check(string? universe, string source)
    {
        if (string.IsNullOrEmpty(universe))
        {
            return Default;
        }

        if (Uri.CheckHostName(universe) != UriHostNameType.Dns)
        {
            throw new GoogleAuthException($"The universe_domain of {source} is not a DNS name.");
        }

        return universe.ToLowerInvariant();
    }

    private static bool IsUnder(string host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase) ||
        (host.Length > domain.Length && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase) && host[host.Length - domain.Length - 1] == '.');
}
