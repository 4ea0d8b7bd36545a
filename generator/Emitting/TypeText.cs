using System;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// How each <see cref="TypeRef"/> is spelled in C#, read, written and formatted for URLs. Names are qualified with the
/// aliases every generated file declares (<see cref="Alias"/>).
/// </summary>
internal static class TypeText
{
    private const string Wire = Alias.Runtime + "JsonWire";
    private const string Format = Alias.Runtime + "WireFormat";

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
        TypeKind.DateTime or TypeKind.GoogleDateTime => Alias.System + "DateTimeOffset",
        TypeKind.Date => Alias.System + "DateOnly",
        TypeKind.Duration => Alias.System + "TimeSpan",
        TypeKind.Bytes => "byte[]",
        TypeKind.FieldMask => Alias.Runtime + "FieldMask",
        TypeKind.Any => Alias.Json + "JsonElement",
        TypeKind.Model or TypeKind.Enum => TypeName(type.Name!),
        TypeKind.List => Alias.Generic + "List<" + Name(type.Element!) + ">",
        TypeKind.Map => Alias.Generic + "Dictionary<string, " + MapValueName(type.Element!) + ">",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary><see cref="Name"/> appended to the line being written (no string made for generated or generic types).</summary>
    public static void AppendName(SourceWriter writer, TypeRef type)
    {
        switch (type.Kind)
        {
            case TypeKind.Model or TypeKind.Enum:
                var name = type.Name!;
                var dot = name.LastIndexOf('.');
                if (dot < 0)
                {
                    writer.Append(Alias.Api);
                    writer.Append(name);
                }
                else
                {
                    writer.Append(name, dot + 1, name.Length - dot - 1);
                }

                break;
            case TypeKind.List:
                writer.Append(Alias.Generic + "List<");
                AppendName(writer, type.Element!);
                writer.Append('>');
                break;
            case TypeKind.Map:
                writer.Append(Alias.Generic + "Dictionary<string, ");
                AppendName(writer, type.Element!);
                if (!IsValueType(type.Element!))
                {
                    writer.Append('?');
                }

                writer.Append('>');
                break;
            default:
                // The others are constants.
                writer.Append(Name(type));
                break;
        }
    }

    /// <summary>
    /// A generated type: top-level ones through the namespace alias; one nested in a resource class (a query
    /// parameter's enum) by its simple name, as only its own resource class uses it and no member there shares the name.
    /// </summary>
    private static string TypeName(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? Alias.Api + name : name.Substring(dot + 1);
    }

    /// <summary>
    /// Map values of reference types are nullable: Google APIs use a null value to delete a key in a PATCH (labels,
    /// metadata), and responses may carry one.
    /// </summary>
    private static string MapValueName(TypeRef value) => IsValueType(value) ? Name(value) : Name(value) + "?";

    /// <summary>The nullable C# type (properties and optional parameters).</summary>
    public static string NullableName(TypeRef type) => Name(type) + "?";

    /// <summary>True for C# value types (their nullable form is Nullable&lt;T&gt;).</summary>
    public static bool IsValueType(TypeRef type) => type.Kind is TypeKind.Boolean or TypeKind.Int32 or TypeKind.UInt32
        or TypeKind.Int64 or TypeKind.UInt64 or TypeKind.Double or TypeKind.Single or TypeKind.DateTime
        or TypeKind.GoogleDateTime or TypeKind.Date or TypeKind.Duration or TypeKind.Any or TypeKind.Enum or TypeKind.FieldMask;

    /// <summary>A <c>JsonReadFunc&lt;T&gt;</c> expression reading one value (the reader on its first token).</summary>
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
        TypeKind.Model or TypeKind.Enum => Wire + ".ReadModel<" + Name(type) + ">",
        TypeKind.List => "static (ref " + Alias.Json + "Utf8JsonReader r) => " + Wire + ".ReadList<" + Name(type.Element!) + ">(ref r, " + ReadFunc(type.Element!) + ")",
        TypeKind.Map => "static (ref " + Alias.Json + "Utf8JsonReader r) => " + Wire + (IsValueType(type.Element!) ? ".ReadMap<" : ".ReadNullableMap<") + Name(type.Element!) + ">(ref r, " + ReadFunc(type.Element!) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>An <c>Action&lt;Utf8JsonWriter, T&gt;</c> expression writing one value.</summary>
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
        TypeKind.Model or TypeKind.Enum => Wire + ".WriteModel<" + Name(type) + ">",
        TypeKind.List => "static (w, v) => " + Wire + ".WriteList<" + Name(type.Element!) + ">(w, v, " + WriteFunc(type.Element!) + ")",
        TypeKind.Map => "static (w, v) => " + Wire + (IsValueType(type.Element!) ? ".WriteMap<" : ".WriteNullableMap<") + Name(type.Element!) + ">(w, v, " + WriteFunc(type.Element!) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// The expression reading a model property inside the model class (a <c>JsonModel</c> helper, the reader on the
    /// property's name; JSON null gives null), appended to the line being written.
    /// </summary>
    public static void AppendReadProperty(SourceWriter writer, TypeRef type)
    {
        switch (type.Kind)
        {
            case TypeKind.Model:
                AppendGeneric(writer, "ReadModel<", type, ">(ref r)");
                return;
            case TypeKind.Enum:
                AppendGeneric(writer, "ReadEnum<", type, ">(ref r)");
                return;
            case TypeKind.List or TypeKind.Map:
                // The same three shapes for both: strings, models, anything else through a per-item reader.
                var map = type.Kind == TypeKind.Map;
                var element = type.Element!;
                switch (element.Kind)
                {
                    case TypeKind.String:
                        writer.Append(map ? "ReadStringMap(ref r)" : "ReadStringList(ref r)");
                        return;
                    case TypeKind.Model:
                        AppendGeneric(writer, map ? "ReadModelMap<" : "ReadModelList<", element, ">(ref r)");
                        return;
                    default:
                        AppendGeneric(writer, !map ? "ReadList<" : IsValueType(element) ? "ReadMap<" : "ReadNullableMap<", element, ">(ref r, ");
                        writer.Append(ReadFunc(element));
                        writer.Append(')');
                        return;
                }

            case TypeKind.String:
                // With the property's number: the runtime reuses the string this property read last when the bytes repeat.
                writer.Append("ReadString(ref r, n)");
                return;
            default:
                writer.Append(ReadHelper(type.Kind));
                writer.Append("(ref r)");
                return;
        }
    }

    private static string ReadHelper(TypeKind kind) => kind switch
    {
        TypeKind.Boolean => "ReadBoolean",
        TypeKind.Int32 => "ReadInt32",
        TypeKind.UInt32 => "ReadUInt32",
        TypeKind.Int64 => "ReadInt64",
        TypeKind.UInt64 => "ReadUInt64",
        TypeKind.Double => "ReadDouble",
        TypeKind.Single => "ReadSingle",
        TypeKind.DateTime or TypeKind.GoogleDateTime => "ReadDateTime",
        TypeKind.Date => "ReadDate",
        TypeKind.Duration => "ReadDuration",
        TypeKind.Bytes => "ReadBytes",
        TypeKind.FieldMask => "ReadFieldMask",
        TypeKind.Any => "ReadAny",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The statement writing a model property inside the model class (a <c>JsonModel</c> helper), appended to the line being written.</summary>
    public static void AppendWriteProperty(SourceWriter writer, TypeRef type, int number, string property)
    {
        switch (type.Kind)
        {
            case TypeKind.Enum:
                AppendCall(writer, "WriteString(w, ", number, property);
                writer.Append("?.Value);");
                return;
            case TypeKind.List:
                switch (type.Element!.Kind)
                {
                    case TypeKind.String:
                        AppendCall(writer, "WriteStringList(w, ", number, property);
                        break;
                    case TypeKind.Model:
                        AppendCall(writer, "WriteModelList(w, ", number, property);
                        break;
                    default:
                        AppendGeneric(writer, "WriteList<", type.Element, ">(w, ");
                        AppendCall(writer, string.Empty, number, property);
                        writer.Append(", ");
                        writer.Append(WriteFunc(type.Element));
                        break;
                }

                writer.Append(");");
                return;
            case TypeKind.Map:
                switch (type.Element!.Kind)
                {
                    case TypeKind.String:
                        AppendCall(writer, "WriteStringMap(w, ", number, property);
                        break;
                    case TypeKind.Model:
                        AppendGeneric(writer, "WriteModelMap<", type.Element, ">(w, ");
                        AppendCall(writer, string.Empty, number, property);
                        break;
                    default:
                        AppendGeneric(writer, IsValueType(type.Element) ? "WriteMap<" : "WriteNullableMap<", type.Element, ">(w, ");
                        AppendCall(writer, string.Empty, number, property);
                        writer.Append(", ");
                        writer.Append(WriteFunc(type.Element));
                        break;
                }

                writer.Append(");");
                return;
            default:
                writer.Append(WriteHelper(type.Kind));
                AppendCall(writer, "(w, ", number, property);
                writer.Append(");");
                return;
        }
    }

    /// <summary><paramref name="open"/>, the type's name, <paramref name="close"/>.</summary>
    private static void AppendGeneric(SourceWriter writer, string open, TypeRef type, string close)
    {
        writer.Append(open);
        AppendName(writer, type);
        writer.Append(close);
    }

    /// <summary><paramref name="head"/>, then "number, property" (a helper call's common arguments).</summary>
    private static void AppendCall(SourceWriter writer, string head, int number, string property)
    {
        writer.Append(head);
        writer.Append(Number(number));
        writer.Append(", ");
        writer.Append(property);
    }

    /// <summary>A property's number as text (the small ones made once).</summary>
    public static string Number(int number) =>
        number < Numbers.Length ? Numbers[number] : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Numbers = MakeNumbers(256);

    private static string[] MakeNumbers(int count)
    {
        var numbers = new string[count];
        for (var i = 0; i < count; i++)
        {
            numbers[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return numbers;
    }

    private static string WriteHelper(TypeKind kind) => kind switch
    {
        TypeKind.String => "WriteString",
        TypeKind.Boolean => "WriteBoolean",
        TypeKind.Int32 => "WriteInt32",
        TypeKind.UInt32 => "WriteUInt32",
        TypeKind.Int64 => "WriteInt64",
        TypeKind.UInt64 => "WriteUInt64",
        TypeKind.Double => "WriteDouble",
        TypeKind.Single => "WriteSingle",
        TypeKind.DateTime => "WriteDateTime",
        TypeKind.GoogleDateTime => "WriteGoogleDateTime",
        TypeKind.Date => "WriteDate",
        TypeKind.Duration => "WriteDuration",
        TypeKind.Bytes => "WriteBytes",
        TypeKind.FieldMask => "WriteFieldMask",
        TypeKind.Any => "WriteAny",
        TypeKind.Model => "WriteModel",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
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
