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
}
