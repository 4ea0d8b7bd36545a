using System;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>Whether a URI the runtime is given at run time (a saved or announced upload session) may carry credentials.</summary>
internal static class UriCheck
{
    /// <summary>Throws unless <paramref name="uri"/> is https, or http to a loopback host or with <see cref="ClientOptions.AllowInsecureHttp"/>.</summary>
    public static void ThrowIfInsecure(Uri uri, ClientOptions options, string parameterName)
    {
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The URI must be absolute: '{Redaction.RedactUri(uri)}'.", parameterName);
        }

        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || options.AllowInsecureHttp)))
        {
            return;
        }

        throw new ArgumentException(
            $"The URI must use https (got {uri.Scheme}://{uri.Authority}/): credentials would travel in clear text.", parameterName);
    }

    /// <summary>
    /// Throws unless <paramref name="uri"/> names one of the service's own hosts (<see cref="ApiClient.OwnHosts"/>) or
    /// one of <see cref="ClientOptions.TrustedHosts"/> (same scheme, host and port): a request, and the credentials it
    /// carries, goes nowhere else. The URI itself is not echoed (a session URI is a capability).
    /// </summary>
    public static void ThrowIfUntrusted(Uri uri, ApiClient client, string methodId)
    {
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"{methodId}: a session URI must be absolute.", nameof(uri));
        }

        foreach (var own in client.OwnHosts)
        {
            if (SameHost(uri, own))
            {
                return;
            }
        }

        foreach (var trusted in client.Options.TrustedHosts ?? [])
        {
            if (trusted is not null && trusted.IsAbsoluteUri && SameHost(uri, trusted))
            {
                return;
            }
        }

        var owns = string.Join(", ", Array.ConvertAll(client.OwnHosts, static h => h.GetLeftPart(UriPartial.Authority)));
        throw new ArgumentException(
            $"{methodId}: refused to send a request to {uri.GetLeftPart(UriPartial.Authority)}/, which is not one of the service's hosts ({owns}): " +
            "requests and their credentials go only there. A resumable upload session URI on another host is not used; " +
            "add the host to ClientOptions.TrustedHosts to allow it.",
            nameof(uri));
    }

    private static bool SameHost(Uri uri, Uri host) =>
        string.Equals(uri.Scheme, host.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(uri.IdnHost.TrimEnd('.'), host.IdnHost.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) &&
        uri.Port == host.Port;
}
