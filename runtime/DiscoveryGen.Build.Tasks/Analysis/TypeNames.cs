using System.Collections.Immutable;
using System;
using System.Reflection.Metadata;

namespace DiscoveryGen.Build.Tasks.Analysis;

/// <summary>
/// Names metadata types as reflection does (<c>Namespace.Outer+Nested</c>, generic instances as
/// <c>System.Func`3&lt;System.String,…&gt;</c>): for matching the runtime's types and the compiler's serialized
/// <c>typeof</c> arguments, and for display.
/// </summary>
internal sealed class TypeNames : ISignatureTypeProvider<string, object?>, ICustomAttributeTypeProvider<string>
{
    private readonly MetadataReader _reader;

    public TypeNames(MetadataReader reader) => _reader = reader;

    public string Of(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var name = _reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return Of(declaring) + "+" + name;
        }

        var ns = _reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string Of(TypeReferenceHandle handle)
    {
        var type = _reader.GetTypeReference(handle);
        var name = _reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return Of((TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        }

        var ns = _reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>The name of a TypeDef, TypeRef or TypeSpec (a generic instance's name includes its arguments).</summary>
    public string Of(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => Of((TypeDefinitionHandle)handle),
        HandleKind.TypeReference => Of((TypeReferenceHandle)handle),
        HandleKind.TypeSpecification => _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        _ => "?",
    };

    /// <summary>The generic type definition of a type (<c>OperationHandle`1</c> for <c>OperationHandle`1&lt;Operation&gt;</c>).</summary>
    public EntityHandle GenericDefinition(EntityHandle handle)
    {
        if (handle.Kind != HandleKind.TypeSpecification)
        {
            return handle;
        }

        var blob = _reader.GetBlobReader(_reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return default;
        }

        blob.ReadCompressedInteger(); // ELEMENT_TYPE_CLASS or ELEMENT_TYPE_VALUETYPE
        return blob.ReadTypeHandle();
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.IntPtr => "System.IntPtr",
        PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        _ => "System." + typeCode,
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Of(handle);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Of(handle);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        genericType + "<" + string.Join(",", typeArguments) + ">";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) =>
        "method " + signature.ReturnType + "*(" + string.Join(",", signature.ParameterTypes) + ")";

    // ICustomAttributeTypeProvider: only what the attributes this task reads can hold (strings, string arrays, bool, Type).
    public string GetSystemType() => "System.Type";

    public bool IsSystemType(string type) => type == "System.Type";

    public string GetTypeFromSerializedName(string name)
    {
        // The compiler writes typeof(T) of a type in the same assembly without an assembly qualifier; drop one if present.
        var comma = name.IndexOf(',');
        return comma < 0 ? name : name.Substring(0, comma).Trim();
    }

    public PrimitiveTypeCode GetUnderlyingEnumType(string type) =>
        throw new BadImageFormatException($"Enum-typed attribute argument of type {type} is not expected in the attributes read here.");
}
