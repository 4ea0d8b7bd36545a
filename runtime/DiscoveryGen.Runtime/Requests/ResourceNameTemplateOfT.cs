using System;

namespace DiscoveryGen.Runtime;

/// <summary>
/// A <see cref="ResourceNameTemplate"/> that also builds its generated name type, so that type's <c>Parse</c> and
/// <c>TryParse</c> are one line each: <c>OperationName.Parse(op.Name)</c> is
/// <c>template.Parse(op.Name)</c>.
/// </summary>
/// <typeparam name="TName">The generated name type (<c>OperationName</c>).</typeparam>
public sealed class ResourceNameTemplate<TName> : ResourceNameTemplate
    where TName : struct
{
    private readonly Func<string[], TName> _create;

    /// <summary>Creates a template from its text and the name type's constructor.</summary>
    /// <param name="template">Segments separated by <c>/</c>; a segment <c>{Name}</c> is a component, any other a literal.</param>
    /// <param name="create">Builds the name from its components, in order.</param>
    /// <exception cref="ArgumentException">A segment is empty, or the template has no component.</exception>
    public ResourceNameTemplate(string template, Func<string[], TName> create)
        : base(template)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    /// <summary>Parses a name with this template's shape exactly.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="name"/> does not have this template's shape.</exception>
    public TName Parse(string? name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name), $"A resource name of the form {Template} is null.");
        }

        return Match(name) is { } values
            ? _create(values)
            : throw new FormatException($"'{name}' is not a resource name of the form {Template}: each {{component}} is one non-empty segment without '/'.");
    }

    /// <summary>Parses a name with this template's shape; false (and <c>default</c>) when it has another shape or is null.</summary>
    public bool TryParse(string? name, out TName result)
    {
        if (Match(name) is { } values)
        {
            result = _create(values);
            return true;
        }

        result = default;
        return false;
    }
}
