using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Generator.Model;

/// <summary>A place in a JSON file, kept as plain data (Roslyn's Location is not cacheable).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo FileOnly(string path) => new(path, default, default);
}

/// <summary>A diagnostic kept as data until it is reported.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.ToArray<object>());
}

internal static class EnumerableExtensions
{
    public static TResult[] ToArray<TResult>(this EquatableArray<string> items)
    {
        var result = new TResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            result[i] = (TResult)(object)items[i];
        }

        return result;
    }
}
