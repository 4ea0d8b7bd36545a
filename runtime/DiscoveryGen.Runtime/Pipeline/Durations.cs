using System;
using System.Globalization;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>How durations appear in messages and logs: the invariant constant format (<c>00:00:01.5000000</c>).</summary>
internal static class Durations
{
    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
