using System;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>How each <see cref="TypeRef"/> is spelled in C#, read, written and formatted for URLs.</summary>
internal static class TypeCode
{
    private const string Wire = "global::DiscoveryGen.Runtime.JsonWire";
    private const string Format = "global::DiscoveryGen.Runtime.WireFormat";

    /// <summary>The non-nullable C# type.</summary>
    public static string Name(TypeRef type) => type.Kind switch
    {
        TypeKind.String => "string",
        TypeKind.Boolean => "bool",
        TypeKind.Int32 => "int",
        TypeKind.UInt32 => "uint",
        TypeKind.Int64 => "long",
        TypeKind.UInt64 => "ulong",
        TypeKind.Double => "double",
        TypeKind.Single => "float",
        TypeKind.DateTime or TypeKind.GoogleDateTime => "global::System.DateTimeOffset",
        TypeKind.Date => "global::System.DateOnly",
        TypeKind.Duration => "global::System.TimeSpan",
        TypeKind.Bytes => "byte[]",
        TypeKind.FieldMask => "global::DiscoveryGen.Runtime.FieldMask",
        TypeKind.Any => "global::System.Text.Json.JsonElement",
        TypeKind.Model or TypeKind.Enum => type.Name!,
        TypeKind.List => "global::System.Collections.Generic.List<" + Name(type.Element!) + ">",
        TypeKind.Map => "global::System.Collections.Generic.Dictionary<string, " + MapValueName(type.Element!) + ">",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// Map values of reference types are nullable: Google APIs use a null value to delete a key in a PATCH (labels,
    /// metadata), and responses may carry one.
    /// </summary>
    private static string MapValueName(TypeRef value) => IsValueType(value) ? Name(value) : Name(value) + "?";

    private static string MapRead(TypeRef value) => IsValueType(value) ? ".ReadMap" : ".ReadNullableMap";

    private static string MapWrite(TypeRef value) => IsValueType(value) ? ".WriteMap" : ".WriteNullableMap";

    /// <summary>The nullable C# type (properties and optional parameters).</summary>
    public static string NullableName(TypeRef type) => Name(type) + "?";

    /// <summary>True for C# value types (their nullable form is Nullable&lt;T&gt;).</summary>
    public static bool IsValueType(TypeRef type) => type.Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.UInt32
        or TypeKind.Int64 or TypeKind.UInt64 or TypeKind.Double or TypeKind.Single or TypeKind.DateTime
        or TypeKind.GoogleDateTime or TypeKind.Date or TypeKind.Duration or TypeKind.Any or TypeKind.Enum or TypeKind.FieldMask;

    /// <summary>A <c>JsonReadFunc&lt;T&gt;</c> expression for the type.</summary>
    public static string ReadFunc(TypeRef type) => type.Kind switch
    {
        TypeKind.String => Wire + ".ReadString",
        TypeKind.Boolean => Wire + ".ReadBoolean",
        TypeKind.Int32 => Wire + ".ReadInt32",
        TypeKind.UInt32 => Wire + ".ReadUInt32",
        TypeKind.Int64 => Wire + ".ReadInt64",
        TypeKind.UInt64 => Wire + ".ReadUInt64",
        TypeKind.Double => Wire + ".ReadDouble",
        TypeKind.Single => Wire + ".ReadSingle",
        TypeKind.DateTime or TypeKind.GoogleDateTime => Wire + ".ReadDateTime",
        TypeKind.Date => Wire + ".ReadDate",
        TypeKind.Duration => Wire + ".ReadDuration",
        TypeKind.Bytes => Wire + ".ReadBytes",
        TypeKind.FieldMask => Wire + ".ReadFieldMask",
        TypeKind.Any => Wire + ".ReadAny",
        TypeKind.Model or TypeKind.Enum => Wire + ".ReadModel<" + type.Name + ">",
        TypeKind.List => "static (ref global::System.Text.Json.Utf8JsonReader r) => " + Wire + ".ReadList(ref r, " + ReadFunc(type.Element!) + ")",
        TypeKind.Map => "static (ref global::System.Text.Json.Utf8JsonReader r) => " + Wire + MapRead(type.Element!) + "(ref r, " + ReadFunc(type.Element!) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>An expression reading the type from <c>reader</c> (positioned on a non-null token).</summary>
    public static string ReadExpression(TypeRef type) => type.Kind switch
    {
        TypeKind.List => Wire + ".ReadList(ref reader, " + ReadFunc(type.Element!) + ")",
        TypeKind.Map => Wire + MapRead(type.Element!) + "(ref reader, " + ReadFunc(type.Element!) + ")",
        TypeKind.Model or TypeKind.Enum => type.Name + ".ReadJson(ref reader)",
        _ => ReadFunc(type) + "(ref reader)",
    };

    /// <summary>An <c>Action&lt;Utf8JsonWriter, T&gt;</c> expression for the type.</summary>
    public static string WriteFunc(TypeRef type) => type.Kind switch
    {
        TypeKind.String => Wire + ".WriteString",
        TypeKind.Boolean => Wire + ".WriteBoolean",
        TypeKind.Int32 => Wire + ".WriteInt32",
        TypeKind.UInt32 => Wire + ".WriteUInt32",
        TypeKind.Int64 => Wire + ".WriteInt64",
        TypeKind.UInt64 => Wire + ".WriteUInt64",
        TypeKind.Double => Wire + ".WriteDouble",
        TypeKind.Single => Wire + ".WriteSingle",
        TypeKind.DateTime => Wire + ".WriteDateTime",
        TypeKind.GoogleDateTime => Wire + ".WriteGoogleDateTime",
        TypeKind.Date => Wire + ".WriteDate",
        TypeKind.Duration => Wire + ".WriteDuration",
        TypeKind.Bytes => Wire + ".WriteBytes",
        TypeKind.FieldMask => Wire + ".WriteFieldMask",
        TypeKind.Any => Wire + ".WriteAny",
        TypeKind.Model or TypeKind.Enum => Wire + ".WriteModel<" + type.Name + ">",
        TypeKind.List => "static (w, v) => " + Wire + ".WriteList(w, v, " + WriteFunc(type.Element!) + ")",
        TypeKind.Map => "static (w, v) => " + Wire + MapWrite(type.Element!) + "(w, v, " + WriteFunc(type.Element!) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>A statement writing <paramref name="value"/> (non-null) with <c>writer</c>.</summary>
    public static string WriteStatement(TypeRef type, string value) => type.Kind switch
    {
        TypeKind.Model or TypeKind.Enum => value + ".WriteJson(writer);",
        TypeKind.List => Wire + ".WriteList(writer, " + value + ", " + WriteFunc(type.Element!) + ");",
        TypeKind.Map => Wire + MapWrite(type.Element!) + "(writer, " + value + ", " + WriteFunc(type.Element!) + ");",
        _ => WriteFunc(type) + "(writer, " + value + ");",
    };

    /// <summary>An expression turning a non-null value into its URL text (query value or path segment).</summary>
    public static string ToWireString(TypeRef type, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Boolean or TypeKind.Int32 or TypeKind.UInt32 or TypeKind.Int64 or TypeKind.UInt64 or TypeKind.Double or TypeKind.Single
            => Format + ".Format(" + value + ")",
        TypeKind.DateTime => Format + ".FormatDateTime(" + value + ")",
        TypeKind.GoogleDateTime => Format + ".FormatGoogleDateTime(" + value + ")",
        TypeKind.Date => Format + ".FormatDate(" + value + ")",
        TypeKind.Duration => Format + ".FormatDuration(" + value + ")",
        TypeKind.Bytes => Format + ".FormatBytes(" + value + ")",
        TypeKind.Enum => value + ".Value",
        TypeKind.FieldMask => value + ".ToString()",
        TypeKind.Any => value + ".GetRawText()",
        _ => value + ".ToString()!",
    };
}
