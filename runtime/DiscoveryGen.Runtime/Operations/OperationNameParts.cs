using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The path arguments of an <c>operations.get</c> or <c>operations.cancel</c> that takes an operation's name in pieces
/// (Cloud Storage's <c>b/{bucket}/operations/{operationId}</c>, App Engine's <c>apps/{appsId}/operations/{operationsId}</c>),
/// read from the name the operation carries (<c>projects/_/buckets/my-bucket/operations/abc</c>,
/// <c>apps/my-app/operations/abc</c>). The generated operation helpers call it before any request leaves.
/// </summary>
/// <remarks>
/// A path parameter's value is the segment after the collection it names: <c>bucket</c> after <c>buckets</c> (or
/// <c>bucket</c>), <c>operationId</c> after <c>operations</c> (or <c>operation</c>), <c>appsId</c> after <c>apps</c>: the
/// parameter's name without a trailing <c>Id</c>, as it is or with an <c>s</c>. Collections are the name's even segments
/// (<c>collection/value/collection/value…</c>); the last one that fits wins.
/// </remarks>
public static class OperationNameParts
{
    /// <summary>The value of each path parameter, in order, read from <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is empty or lacks one of the pieces (the message says which).</exception>
    public static string[] Arguments(string? name, params string[] pathParameters)
    {
        ParameterCheck.Required(name, nameof(name));
        ArgumentNullException.ThrowIfNull(pathParameters);
        if (Read(name!, pathParameters, out var missing) is { } values)
        {
            return values;
        }

        var collection = Collection(pathParameters[missing]);
        throw new ArgumentException(
            $"The operation name '{name}' has no '{collection}/…' or '{collection}s/…' segments for the path parameter '{pathParameters[missing]}' of operations.get.",
            nameof(name));
    }

    /// <summary>As <see cref="Arguments"/>, or null when the name is null, empty or lacks a piece.</summary>
    public static string[]? TryArguments(string? name, params string[] pathParameters)
    {
        ArgumentNullException.ThrowIfNull(pathParameters);
        return string.IsNullOrEmpty(name) ? null : Read(name, pathParameters, out _);
    }

    /// <summary>Each parameter's value, or null with the index of the first one the name lacks.</summary>
    private static string[]? Read(string name, string[] pathParameters, out int missing)
    {
        var values = new string[pathParameters.Length];
        for (var i = 0; i < pathParameters.Length; i++)
        {
            if (Find(name, Collection(pathParameters[i])) is not { } value)
            {
                missing = i;
                return null;
            }

            values[i] = value;
        }

        missing = -1;
        return values;
    }

    /// <summary>The non-empty segment after the last collection segment (an even one) named <paramref name="collection"/> or its plural.</summary>
    private static string? Find(string name, string collection)
    {
        var segments = name.Split('/');
        for (var i = (segments.Length - 2) & ~1; i >= 0; i -= 2)
        {
            var segment = segments[i];
            if (segments[i + 1].Length > 0
                && segment.StartsWith(collection, StringComparison.Ordinal)
                && (segment.Length == collection.Length || (segment.Length == collection.Length + 1 && segment[^1] == 's')))
            {
                return segments[i + 1];
            }
        }

        return null;
    }

    /// <summary>The collection a parameter names: its name without a trailing <c>Id</c> (<c>operationId</c> → <c>operation</c>).</summary>
    private static string Collection(string parameter) =>
        parameter.Length > 2 && parameter.EndsWith("Id", StringComparison.Ordinal) ? parameter[..^2] : parameter;
}
