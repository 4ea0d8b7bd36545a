using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// Reads the custom attributes the analysis relies on from a method's metadata: DiscoveryGen's
/// <c>DiscoveryMethod</c>/<c>RequiredScopes</c>/<c>RequiredPermissions</c>, and the compiler's
/// <c>[AsyncStateMachine(typeof(…))]</c>-style attributes that name an async method's or iterator's state machine.
/// Values are decoded from the attribute blobs (<see cref="CustomAttribute.DecodeValue{TType}"/>); nothing is loaded.
/// </summary>
internal sealed class AttributeReader
{
    private const string RuntimeNamespace = "DiscoveryGen.Runtime";
    private const string CompilerServices = "System.Runtime.CompilerServices";

    private readonly MetadataReader _reader;
    private readonly TypeNames _names;

    public AttributeReader(MetadataReader reader, TypeNames names)
    {
        _reader = reader;
        _names = names;
    }

    /// <summary>The discovery method a generated method calls, or null when it carries no <c>[DiscoveryMethod]</c>.</summary>
    public ApiMethod? ApiMethodOf(MethodDefinition method)
    {
        CustomAttributeValue<string>? discovery = null, scopes = null, permissions = null;
        foreach (var handle in method.GetCustomAttributes())
        {
            var attribute = _reader.GetCustomAttribute(handle);
            if (!TryGetAttributeType(attribute, out var ns, out var name) || ns != RuntimeNamespace)
            {
                continue;
            }

            switch (name)
            {
                case "DiscoveryMethodAttribute":
                    discovery = attribute.DecodeValue(_names);
                    break;
                case "RequiredScopesAttribute":
                    scopes = attribute.DecodeValue(_names);
                    break;
                case "RequiredPermissionsAttribute":
                    permissions = attribute.DecodeValue(_names);
                    break;
            }
        }

        if (discovery is not { } d || d.FixedArguments.Length != 3)
        {
            return null;
        }

        var anyOf = false;
        if (permissions is { } p)
        {
            foreach (var named in p.NamedArguments)
            {
                if (named.Name == "AnyOf" && named.Value is bool value)
                {
                    anyOf = value;
                }
            }
        }

        return new ApiMethod(
            (string?)d.FixedArguments[0].Value ?? string.Empty,
            (string?)d.FixedArguments[1].Value ?? string.Empty,
            (string?)d.FixedArguments[2].Value ?? string.Empty,
            scopes is { } s ? Strings(s) : Array.Empty<string>(),
            permissions is { } ps ? Strings(ps) : null,
            anyOf);
    }

    /// <summary>
    /// The reflection name of the state machine type the compiler generated for an async method, iterator or async
    /// iterator (lambdas and local functions included), or null for an ordinary method.
    /// </summary>
    public string? StateMachineTypeOf(MethodDefinition method)
    {
        foreach (var handle in method.GetCustomAttributes())
        {
            var attribute = _reader.GetCustomAttribute(handle);
            if (TryGetAttributeType(attribute, out var ns, out var name)
                && ns == CompilerServices
                && name.EndsWith("StateMachineAttribute", StringComparison.Ordinal)
                && attribute.DecodeValue(_names) is { FixedArguments.Length: 1 } value
                && value.FixedArguments[0].Value is string type)
            {
                return type;
            }
        }

        return null;
    }

    private bool TryGetAttributeType(CustomAttribute attribute, out string ns, out string name)
    {
        EntityHandle type;
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MemberReference:
                type = _reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                break;
            case HandleKind.MethodDefinition:
                type = _reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
                break;
            default:
                ns = name = string.Empty;
                return false;
        }

        switch (type.Kind)
        {
            case HandleKind.TypeReference:
                var reference = _reader.GetTypeReference((TypeReferenceHandle)type);
                ns = _reader.GetString(reference.Namespace);
                name = _reader.GetString(reference.Name);
                return true;
            case HandleKind.TypeDefinition:
                var definition = _reader.GetTypeDefinition((TypeDefinitionHandle)type);
                ns = _reader.GetString(definition.Namespace);
                name = _reader.GetString(definition.Name);
                return true;
            default:
                ns = name = string.Empty;
                return false;
        }
    }

    /// <summary>
    /// The strings of a <c>params string[]</c> constructor argument, or of one string that lists them separated by spaces
    /// (<c>[RequiredScopes(__scopeList0)]</c>: a constant naming a set of scopes, as OAuth 2.0 writes a scope list).
    /// </summary>
    private static IReadOnlyList<string> Strings(CustomAttributeValue<string> value)
    {
        var result = new List<string>();
        foreach (var argument in value.FixedArguments)
        {
            if (argument.Value is string list)
            {
                result.AddRange(list.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
            }
            else if (argument.Value is ImmutableArray<CustomAttributeTypedArgument<string>> items)
            {
                foreach (var item in items)
                {
                    if (item.Value is string text)
                    {
                        result.Add(text);
                    }
                }
            }
        }

        return result;
    }
}
