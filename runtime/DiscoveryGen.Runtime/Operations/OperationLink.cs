using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The arguments of a Compute-style <c>operations.get</c> or <c>operations.cancel</c> (Cloud SQL, GKE, Deployment
/// Manager: an operation whose <c>status</c> ends <c>DONE</c>), read from the operation's <c>selfLink</c>
/// (<c>https://sqladmin.googleapis.com/sql/v1beta4/projects/p/operations/op-1</c>) or its path from the collections on
/// (<c>projects/p/operations/op-1</c>). The generated operation helpers call it before any request leaves.
/// </summary>
/// <remarks>
/// A template is the method's path from its first collection to its last variable
/// (<c>projects/{project}/global/operations/{operation}</c>); a link matches when its path ends with the template's
/// segments: the same literals, a non-empty segment for each variable. Only those values are used: the link's scheme,
/// host and API version are ignored, so polls go to the service's own endpoint with the client's credentials, never
/// to a host a response names.
/// </remarks>
public static class OperationLink
{
    /// <summary>
    /// The values of the template's <paramref name="variables"/>, in the order given and percent-decoded (a path
    /// parameter is escaped again when sent), when the link's path ends with the template; else null.
    /// </summary>
    /// <param name="name">The operation's selfLink (its name for the handle), or the link's path.</param>
    /// <param name="template">Literal segments and <c>{variable}</c> segments, e.g. <c>projects/{project}/operations/{operation}</c>.</param>
    /// <param name="variables">The variables to return, by name.</param>
    public static string[]? TryArguments(string? name, string template, params string[] variables)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        if (Match(name, template) is not { } match)
        {
            return null;
        }

        var (segments, start, templateSegments) = match;
        var values = new string[variables.Length];
        for (var v = 0; v < variables.Length; v++)
        {
            var at = Array.IndexOf(templateSegments, "{" + variables[v] + "}");
            if (at < 0)
            {
                throw new ArgumentException($"The template '{template}' has no variable '{variables[v]}'.", nameof(variables));
            }

            values[v] = Uri.UnescapeDataString(segments[start + at]);
        }

        return values;
    }

    /// <summary>As <see cref="TryArguments"/>, throwing when the link does not end with the template.</summary>
    /// <exception cref="ArgumentException">The link is empty or does not end with the template's segments.</exception>
    public static string[] Arguments(string? name, string template, params string[] variables)
    {
        ParameterCheck.Required(name, nameof(name));
        return TryArguments(name, template, variables) ?? throw Unmatched(name!, template);
    }

    /// <summary>
    /// The link's path from where the template starts (<c>projects/p/locations/l/operations/op-1</c>), as it is (a
    /// <c>{+name}</c> parameter keeps percent-encoded triplets), when the link's path ends with the template; else null.
    /// </summary>
    /// <param name="name">The operation's selfLink (its name for the handle), or the link's path.</param>
    /// <param name="template">Literal segments and <c>{variable}</c> segments.</param>
    public static string? TryName(string? name, string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (Match(name, template) is not { } match)
        {
            return null;
        }

        var (segments, start, _) = match;
        return string.Join('/', segments, start, segments.Length - start);
    }

    /// <summary>As <see cref="TryName"/>, throwing when the link does not end with the template.</summary>
    /// <exception cref="ArgumentException">The link is empty or does not end with the template's segments.</exception>
    public static string Name(string? name, string template)
    {
        ParameterCheck.Required(name, nameof(name));
        return TryName(name, template) ?? throw Unmatched(name!, template);
    }

    /// <summary>Throws unless the link ends with one of the templates (what <c>TrackOperation</c> checks).</summary>
    /// <exception cref="ArgumentException">The link is empty or ends with none of them.</exception>
    public static void Check(string? name, params string[] templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ParameterCheck.Required(name, nameof(name));
        foreach (var template in templates)
        {
            if (Match(name, template) is not null)
            {
                return;
            }
        }

        throw Unmatched(name!, string.Join("' or '", templates));
    }

    private static ArgumentException Unmatched(string name, string templates) =>
        new($"The operation link '{name}' does not end with '{templates}', the path of this API's operations.get.", nameof(name));

    /// <summary>The link's path segments and where the template's match starts in them, or null.</summary>
    private static (string[] Segments, int Start, string[] Template)? Match(string? name, string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (string.IsNullOrEmpty(name) || name.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            return null;
        }

        var path = name;
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            // scheme://authority/path: only the path counts.
            var slash = name.IndexOf('/', scheme + 3);
            if (slash < 0)
            {
                return null;
            }

            path = name[(slash + 1)..];
        }

        var segments = path.Split('/');
        var wanted = template.Split('/');
        var start = segments.Length - wanted.Length;
        if (start < 0)
        {
            return null;
        }

        for (var i = 0; i < wanted.Length; i++)
        {
            var segment = segments[start + i];
            var isVariable = wanted[i].Length > 2 && wanted[i][0] == '{' && wanted[i][^1] == '}';
            if (isVariable ? segment.Length == 0 : !string.Equals(segment, wanted[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return (segments, start, wanted);
    }
}
