using System;

namespace DiscoveryGen.Runtime;

/// <summary>Rejects header names and values that could split or inject headers.</summary>
internal static class HeaderCheck
{
    public static void ThrowIfInvalid(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || name.AsSpan().IndexOfAny("\r\n:") >= 0)
        {
            throw new ArgumentException($"Invalid HTTP header name '{name}'.", nameof(name));
        }

        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            // The value is not echoed: it may be a credential.
            throw new ArgumentException($"The value of HTTP header '{name}' contains CR or LF.", nameof(value));
        }
    }
}
