using System;
using System.Collections.Generic;
using System.Linq;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A <c>google-fieldmask</c>: field paths sent as one comma-separated string (<c>"displayName,labels"</c>).
/// Converts implicitly from a string, so <c>updateMask: "labels"</c> works.
/// </summary>
public readonly struct FieldMask : IEquatable<FieldMask>
{
    private readonly string[]? _paths;

    /// <summary>Creates a mask from field paths.</summary>
    public FieldMask(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path) || path.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Invalid field mask path '{path}'.", nameof(paths));
            }
        }

        _paths = paths.ToArray();
    }

    /// <summary>The field paths.</summary>
    public IReadOnlyList<string> Paths => _paths ?? Array.Empty<string>();

    /// <summary>Parses the wire form (comma-separated, surrounding spaces ignored, empty parts dropped).</summary>
    public static FieldMask Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new FieldMask(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Parses the wire form.</summary>
    public static implicit operator FieldMask(string text) => Parse(text);

    /// <summary>The wire form.</summary>
    public override string ToString() => string.Join(',', Paths);

    /// <inheritdoc />
    public bool Equals(FieldMask other) => Paths.SequenceEqual(other.Paths, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldMask other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Compares paths.</summary>
    public static bool operator ==(FieldMask left, FieldMask right) => left.Equals(right);

    /// <summary>Compares paths.</summary>
    public static bool operator !=(FieldMask left, FieldMask right) => !left.Equals(right);
}
