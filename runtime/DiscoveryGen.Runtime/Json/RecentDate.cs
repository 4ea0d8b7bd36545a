using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// <see cref="Rfc3339"/> with the timestamp a thread read last kept beside it: a resource often repeats one (created,
/// updated and its storage class changed at the same instant, item after item of an unchanged listing), and comparing
/// the bytes costs less than parsing them again. Per thread, so the kept text and value always belong together.
/// </summary>
internal sealed class RecentDate
{
    [ThreadStatic]
    private static RecentDate? t_recent;

    // The longest text Rfc3339 accepts: 19 + '.' and 9 digits + an offset of 6.
    private readonly byte[] _text = new byte[35];
    private int _length;
    private DateTimeOffset _value;

    /// <summary>Parses the common RFC 3339 shape as <see cref="Rfc3339.TryParse"/> does; false for any other text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        var recent = t_recent ??= new RecentDate();
        if (recent._length != 0 && text.SequenceEqual(recent._text.AsSpan(0, recent._length)))
        {
            value = recent._value;
            return true;
        }

        if (!Rfc3339.TryParse(text, out value))
        {
            return false;
        }

        if (text.TryCopyTo(recent._text))
        {
            recent._length = text.Length;
            recent._value = value;
        }

        return true;
    }
}
