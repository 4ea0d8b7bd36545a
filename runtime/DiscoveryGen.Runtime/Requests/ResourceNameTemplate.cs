using System;
using System.Collections.Generic;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The shape of a resource name, such as <c>projects/{Project}/locations/{Location}/operations/{Operation}</c>:
/// literal segments and one named component per <c>{…}</c> segment. Each generated name type (<c>OperationName</c>)
/// holds one (a <see cref="ResourceNameTemplate{TName}"/>) and leaves checking, parsing and formatting to it.
/// </summary>
/// <remarks>
/// <para>A component is one path segment: never null or empty, never containing <c>/</c>, never <c>.</c> or <c>..</c>
/// (the path expansion rejects those too). Parsing is exact: the same number of segments, the same literals, one valid
/// component per variable segment; nothing is unescaped.</para>
/// <para><see cref="Format"/> writes the components as they are, the way the API writes names in JSON (an
/// <c>Operation.name</c>), so parsing a name and formatting it again gives the same text. A generated method escapes
/// each segment when it puts the name in a URL path (<c>{+name}</c>, <see cref="PathEncoding.Reserved"/>): a
/// component <c>a b</c> is sent as <c>a%20b</c>.</para>
/// </remarks>
public class ResourceNameTemplate
{
    // One entry per segment: the literal text, or null for a component.
    private readonly string?[] _literals;
    private readonly string[] _components;

    /// <summary>Creates a template from its text.</summary>
    /// <param name="template">Segments separated by <c>/</c>; a segment <c>{Name}</c> is a component, any other a literal.</param>
    /// <exception cref="ArgumentException">A segment is empty, or the template has no component.</exception>
    public ResourceNameTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = template.Split('/');
        var components = new List<string>();
        _literals = new string?[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                throw new ArgumentException($"Resource name template '{template}' has an empty segment.", nameof(template));
            }

            if (segment.Length > 2 && segment[0] == '{' && segment[^1] == '}')
            {
                components.Add(segment[1..^1]);
            }
            else
            {
                _literals[i] = segment;
            }
        }

        if (components.Count == 0)
        {
            throw new ArgumentException($"Resource name template '{template}' has no {{component}}.", nameof(template));
        }

        _components = components.ToArray();
        Template = template;
    }

    /// <summary>The template's text.</summary>
    public string Template { get; }

    /// <summary>The components' names, in order.</summary>
    public IReadOnlyList<string> Components => _components;

    /// <summary>Checks that each value can be the component at its place (<see cref="Format"/> does it first).</summary>
    /// <param name="components">One value per component, in order.</param>
    /// <exception cref="ArgumentNullException">A value is null.</exception>
    /// <exception cref="ArgumentException">A value is empty, contains <c>/</c>, or is <c>.</c> or <c>..</c>; or the number of values differs from the template's.</exception>
    public void Check(ReadOnlySpan<string?> components)
    {
        CheckCount(components.Length);
        for (var i = 0; i < components.Length; i++)
        {
            var value = components[i];
            var name = _components[i];
            if (value is null)
            {
                throw new ArgumentNullException(name, $"Component '{name}' of {Template} is null.");
            }

            if (!IsComponent(value))
            {
                throw new ArgumentException(
                    $"Component '{name}' of {Template} must be one non-empty path segment without '/' (and not '.' or '..'): '{value}'.",
                    name);
            }
        }
    }

    /// <summary>The name's components when it has this template's shape exactly; null otherwise (null included).</summary>
    public string[]? Match(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var values = new string[_components.Length];
        var component = 0;
        var start = 0;
        for (var i = 0; i < _literals.Length; i++)
        {
            var end = name.IndexOf('/', start);
            if ((end < 0) != (i == _literals.Length - 1))
            {
                return null; // too few or too many segments
            }

            var segment = name.AsSpan(start, (end < 0 ? name.Length : end) - start);
            if (_literals[i] is { } literal)
            {
                if (!segment.SequenceEqual(literal))
                {
                    return null;
                }
            }
            else
            {
                var value = segment.ToString();
                if (!IsComponent(value))
                {
                    return null;
                }

                values[component++] = value;
            }

            start = end + 1;
        }

        return values;
    }

    /// <summary>
    /// The name with these components, unescaped (as the API writes it in JSON); empty when every component is null,
    /// which only a <c>default</c> name value has.
    /// </summary>
    /// <param name="components">One value per component, in order.</param>
    /// <exception cref="ArgumentException">
    /// A component is null (but not all are), empty, contains <c>/</c>, or is <c>.</c> or <c>..</c>; or the number of
    /// components differs from the template's. A name type's constructor does not check (a <c>with</c> expression could
    /// not be checked anyway): this is where a bad component surfaces, before any request exists.
    /// </exception>
    public string Format(ReadOnlySpan<string?> components)
    {
        CheckCount(components.Length);
        var allNull = true;
        foreach (var component in components)
        {
            allNull &= component is null;
        }

        if (allNull)
        {
            return string.Empty;
        }

        Check(components);
        var length = _literals.Length - 1;
        var index = 0;
        foreach (var literal in _literals)
        {
            length += (literal ?? components[index++])!.Length;
        }

        var builder = new System.Text.StringBuilder(length);
        index = 0;
        for (var i = 0; i < _literals.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(_literals[i] ?? components[index++]);
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Template;

    private void CheckCount(int count)
    {
        if (count != _components.Length)
        {
            throw new ArgumentException($"{Template} has {_components.Length} components, not {count}.", "components");
        }
    }

    private static bool IsComponent(string value) => value.Length > 0 && value.IndexOf('/') < 0 && value is not "." and not "..";
}
