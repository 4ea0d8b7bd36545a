using System.Linq;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// Formats model classes and open enums. A model class derives from <c>DiscoveryGen.Runtime.JsonModel</c>, which owns
/// the JSON object frame, <c>ExtensionData</c> and <c>NullFields</c>: the class lists its JSON names once and adds one
/// switch arm per property to read and one helper call per property to write, both naming the property by its number.
/// </summary>
internal static class ModelEmitter
{
    private const string Json = Alias.Json;
    private const string Runtime = Alias.Runtime;

    public static void EmitType(SourceWriter writer, TypeModel type, string accessibility)
    {
        if (type.Kind == TypeModelKind.Enum)
        {
            EmitEnum(writer, type, accessibility);
        }
        else
        {
            EmitClass(writer, type, accessibility);
        }
    }

    private static void EmitClass(SourceWriter writer, TypeModel type, string accessibility)
    {
        DocEmitter.Summary(writer, type.Description);
        DeprecationEmitter.Write(writer, type.Deprecation);
        var interfaces = type.Operation is null ? string.Empty : ", " + Runtime + "ILongRunningOperation";
        if (type.Page is { } page)
        {
            interfaces += ", " + PageInterface(page);
        }

        if (type.VariantCases.Count > 0)
        {
            // Re-implemented, so its own ReadJson (which keeps the raw JSON) is the one generic code calls.
            interfaces = ", " + Runtime + "IJsonModel<" + type.Name + ">" + interfaces;
        }

        writer.OpenBlock(accessibility + " sealed partial class " + type.Name + " : " + Runtime + "JsonModel<" + type.Name + ">" + interfaces);
        foreach (var property in type.Properties)
        {
            PropertyDocs(writer, property);
            DeprecationEmitter.Write(writer, property.Deprecation);
            writer.StartLine();
            writer.Append("public ");
            TypeText.AppendName(writer, property.Type);
            writer.Append("? ");
            writer.Append(property.Name);
            writer.Append(" { get; set; }");
            writer.FinishLine();
            writer.WriteLine();
        }

        if (type.AdditionalPropertiesType is { } additional)
        {
            writer.WriteLine("/// <summary>Entries of the map beside the fixed properties (the schema's <c>additionalProperties</c>).</summary>");
            writer.WriteLine("public " + Alias.Generic + "Dictionary<string, " + TypeText.Name(additional) + ">? AdditionalProperties { get; set; }");
            writer.WriteLine();
        }

        if (type.VariantCases.Count > 0)
        {
            EmitVariant(writer, type);
        }

        if (type.Operation is { } operation)
        {
            EmitOperation(writer, operation);
        }

        if (type.Page is { } shape)
        {
            EmitPage(writer, shape);
        }

        if (type.VariantCases.Count > 0)
        {
            // The raw JSON is kept for the As…() conversions (every other class reads through its base's ReadJson).
            writer.WriteLine("/// <inheritdoc />");
            writer.OpenBlock("public static new " + type.Name + " ReadJson(ref " + Json + "Utf8JsonReader reader)");
            writer.WriteLine("var raw = " + Json + "JsonElement.ParseValue(ref reader);");
            writer.WriteLine("return ReadObject(raw, new " + type.Name + " { __variantJson = raw });");
            writer.CloseBlock();
            writer.WriteLine();
        }

        EmitRead(writer, type);
        EmitWrite(writer, type);
        writer.CloseBlock();
    }

    /// <summary>A property's summary: its description, then what the schema says of it beyond its type.</summary>
    private static void PropertyDocs(SourceWriter writer, PropertyModel property)
    {
        CSharpText.DocLines(
            writer,
            "summary",
            property.Description,
            line1: property.ReadOnly ? "Output only: read from responses, never sent." : null,
            line2: property.Default is null ? null : "Server default: " + property.Default + ".",
            line3: property.RequiredFor.Count > 0 ? "Required by: " + string.Join(", ", property.RequiredFor) + "." : null);
    }

    private static void EmitOperation(SourceWriter writer, OperationShape shape)
    {
        const string Interface = Runtime + "ILongRunningOperation";
        static string Element(string? property, bool isMap) => property is null
            ? "null"
            : isMap ? Runtime + "JsonWire.ToElement(" + property + ")" : property;
        writer.WriteLine("string? " + Interface + ".OperationName => " + shape.Name + ";");
        writer.WriteLine();
        writer.WriteLine("bool " + Interface + ".IsDone => " + shape.Done + shape.DoneBy switch
        {
            OperationDone.StatusEnum => "?.Value == \"DONE\";",
            OperationDone.StatusString => " == \"DONE\";",
            _ => " == true;",
        });
        writer.WriteLine();
        writer.WriteLine(Runtime + "RpcStatus? " + Interface + ".OperationError => " + (shape.Error is null ? "null" : Runtime + "RpcStatus.FromModel(" + shape.Error + (shape.HttpErrorStatus is null ? ")" : ", " + shape.HttpErrorStatus + ")")) + ";");
        writer.WriteLine();
        writer.WriteLine(Json + "JsonElement? " + Interface + ".ResponseJson => " + Element(shape.Response, shape.ResponseIsMap) + ";");
        writer.WriteLine();
        writer.WriteLine(Json + "JsonElement? " + Interface + ".MetadataJson => " + Element(shape.Metadata, shape.MetadataIsMap) + ";");
        writer.WriteLine();
    }

    private static string PageInterface(PageShape shape) => Runtime + "IPage<" + TypeText.Name(shape.ItemType) + ">";

    /// <summary>
    /// <c>IPage</c> over the response's own properties: its items explicitly; its token too unless the response's own
    /// <c>NextPageToken</c> property implements it.
    /// </summary>
    private static void EmitPage(SourceWriter writer, PageShape shape)
    {
        var page = PageInterface(shape);
        if (shape.NextTokenProperty != "NextPageToken")
        {
            writer.WriteLine("string? " + page + ".NextPageToken => " + shape.NextTokenProperty + ";");
            writer.WriteLine();
        }

        writer.WriteLine(Alias.Generic + "IReadOnlyList<" + TypeText.Name(shape.ItemType) + ">? " + page + ".Items => " + shape.ItemsProperty + ";");
        writer.WriteLine();
    }

    private static void EmitVariant(SourceWriter writer, TypeModel type)
    {
        writer.WriteLine("private " + Json + "JsonElement __variantJson;");
        writer.WriteLine();
        var discriminant = type.Properties.First(p => p.Name == type.VariantDiscriminant);
        var text = discriminant.Type.Kind == TypeKind.Enum ? type.VariantDiscriminant + "?.Value" : type.VariantDiscriminant;
        foreach (var variant in type.VariantCases)
        {
            var target = TypeText.Name(variant.Type);
            writer.WriteLine("/// <summary>This object read as <see cref=\"" + target + "\"/> when <c>" + type.VariantDiscriminant + "</c> is <c>" + CSharpText.Xml(variant.TypeValue) + "</c>; otherwise null.</summary>");
            writer.WriteLine("public " + target + "? " + variant.MethodName + "() => " + text + " == " + CSharpText.Literal(variant.TypeValue) + " && __variantJson.ValueKind == " + Json + "JsonValueKind.Object ? " + Runtime + "JsonWire.ReadFrom<" + target + ">(__variantJson) : null;");
            writer.WriteLine();
        }
    }

    // Up to this many properties the name is matched by an `if` chain, above it by a `switch`. For so few cases the
    // compiler lowers a switch to the same sequence of comparisons, but binding the switch's decision DAG costs more than
    // the chain (issue 9: about 7% of binding aiplatform.v1, whose classes are mostly this small).
    private const int LargestIfChain = 6;

    /// <summary>
    /// The JSON names, once (the runtime matches a name by its UTF-8 bytes and writes it pre-encoded), then one arm per
    /// property by its number there (an <c>if</c> chain for small classes, a <c>switch</c> above
    /// <see cref="LargestIfChain"/>); an unknown name (-1) returns false (the base keeps it in ExtensionData) or goes to
    /// the typed additional properties.
    /// </summary>
    private static void EmitRead(SourceWriter writer, TypeModel type)
    {
        if (type.Properties.Count == 0 && type.AdditionalPropertiesType is null)
        {
            return;
        }

        if (type.Properties.Count > 0)
        {
            writer.StartLine();
            writer.Append("protected override string[] JsonNames() => [");
            for (var i = 0; i < type.Properties.Count; i++)
            {
                writer.Append(i == 0 ? string.Empty : ", ");
                CSharpText.AppendLiteral(writer, type.Properties[i].JsonName);
            }

            writer.Append("];");
            writer.FinishLine();
            writer.WriteLine();
        }

        writer.OpenBlock("protected override bool ReadJsonProperty(ref " + Json + "Utf8JsonReader r, int n)");
        var unknown = type.AdditionalPropertiesType is { } additional
            ? "AdditionalProperties = ReadAdditionalProperty<" + TypeText.Name(additional) + ">(ref r, AdditionalProperties, " + TypeText.ReadFunc(additional) + ")"
            : "return false";
        if (type.Properties.Count <= LargestIfChain)
        {
            for (var i = 0; i < type.Properties.Count; i++)
            {
                var property = type.Properties[i];
                writer.StartLine();
                writer.Append(i == 0 ? "if (n == " : "else if (n == ");
                writer.Append(Number(i));
                writer.Append(") ");
                writer.Append(property.Name);
                writer.Append(" = ");
                TypeText.AppendReadProperty(writer, property.Type);
                writer.Append(';');
                writer.FinishLine();
            }

            writer.WriteLine((type.Properties.Count == 0 ? string.Empty : "else ") + unknown + ";");
        }
        else
        {
            writer.OpenBlock("switch (n)");
            for (var i = 0; i < type.Properties.Count; i++)
            {
                var property = type.Properties[i];
                writer.StartLine();
                writer.Append("case ");
                writer.Append(Number(i));
                writer.Append(": ");
                writer.Append(property.Name);
                writer.Append(" = ");
                TypeText.AppendReadProperty(writer, property.Type);
                writer.Append("; break;");
                writer.FinishLine();
            }

            writer.WriteLine("default: " + unknown + (type.AdditionalPropertiesType is null ? ";" : "; break;"));
            writer.CloseBlock();
        }

        writer.WriteLine();
        writer.WriteLine("return true;");
        writer.CloseBlock();
    }

    private static string Number(int i) => TypeText.Number(i);

    /// <summary>One call per property that is sent (output-only ones are not).</summary>
    private static void EmitWrite(SourceWriter writer, TypeModel type)
    {
        if (!type.Properties.Any(static p => !p.ReadOnly) && type.AdditionalPropertiesType is null)
        {
            return;
        }

        writer.WriteLine();
        writer.OpenBlock("protected override void WriteJsonProperties(" + Json + "Utf8JsonWriter w)");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            if (!property.ReadOnly)
            {
                writer.StartLine();
                TypeText.AppendWriteProperty(writer, property.Type, i, property.Name);
                writer.FinishLine();
            }
        }

        if (type.AdditionalPropertiesType is { } additional)
        {
            writer.WriteLine("WriteAdditionalProperties<" + TypeText.Name(additional) + ">(w, AdditionalProperties, " + TypeText.WriteFunc(additional) + ");");
        }

        writer.CloseBlock();
    }

    /// <summary>An open enum: a struct over the wire string, equal by ordinal value; a default value reads as the empty string.</summary>
    private static void EmitEnum(SourceWriter writer, TypeModel type, string accessibility)
    {
        var name = type.Name;
        CSharpText.DocLines(writer, "summary", type.Description, line1: "Open enum: unknown values are kept.");
        DeprecationEmitter.Write(writer, type.Deprecation);
        writer.OpenBlock(accessibility + " readonly partial struct " + name + " : _sys::IEquatable<" + name + ">, " + Runtime + "IJsonModel<" + name + ">");
        writer.WriteLine("private readonly string? _value;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Any value, known or not.</summary>");
        writer.Line("public ", name, "(string value) => _value = value ?? throw new _sys::ArgumentNullException(nameof(value));");
        writer.WriteLine();
        foreach (var member in type.EnumMembers)
        {
            DocEmitter.Summary(writer, member.Description ?? member.Value);
            DeprecationEmitter.Write(writer, member.Deprecation);
            writer.StartLine();
            writer.Append("public static ");
            writer.Append(name);
            writer.Append(' ');
            writer.Append(member.Name);
            writer.Append(" { get; } = new(");
            CSharpText.AppendLiteral(writer, member.Value);
            writer.Append(");");
            writer.FinishLine();
            writer.WriteLine();
        }

        writer.WriteLine("/// <summary>The wire value.</summary>");
        writer.WriteLine("public string Value => _value ?? \"\";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Declared by the document.</summary>");
        if (type.EnumMembers.Count == 0)
        {
            writer.WriteLine("public bool IsKnown => false;");
        }
        else
        {
            writer.StartLine();
            writer.Append("public bool IsKnown => Value is ");
            for (var i = 0; i < type.EnumMembers.Count; i++)
            {
                writer.Append(i == 0 ? string.Empty : " or ");
                CSharpText.AppendLiteral(writer, type.EnumMembers[i].Value);
            }

            writer.Append(';');
            writer.FinishLine();
        }

        // The members every open enum has, without blank lines between them: they say the same thing for each enum.
        writer.WriteLine();
        // string's == and GetHashCode are ordinal; the inherited docs (IEquatable, object) say what these do.
        writer.WriteLine("/// <inheritdoc />");
        writer.Line("public bool Equals(", name, " other) => Value == other.Value;");
        writer.WriteLine("/// <inheritdoc />");
        writer.Line("public override bool Equals(object? obj) => obj is ", name, " o && Value == o.Value;");
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override int GetHashCode() => Value.GetHashCode();");
        writer.WriteLine("/// <summary>The wire value.</summary>");
        writer.WriteLine("public override string ToString() => Value;");
        writer.WriteLine("/// <summary>Same wire text.</summary>");
        writer.Line("public static bool operator ==(", name, " left, ", name, " right) => left.Value == right.Value;");
        writer.WriteLine("/// <summary>Different wire text.</summary>");
        writer.Line("public static bool operator !=(", name, " left, ", name, " right) => left.Value != right.Value;");
        writer.WriteLine("/// <summary>Wraps a wire value.</summary>");
        writer.Line("public static implicit operator ", name, "(string value) => new(value);");
        writer.WriteLine("/// <inheritdoc />");
        writer.Line("public static ", name, " ReadJson(ref " + Json + "Utf8JsonReader reader) => new(" + Runtime + "JsonWire.ReadString(ref reader));");
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public void WriteJson(" + Json + "Utf8JsonWriter writer) => writer.WriteStringValue(Value);");
        writer.CloseBlock();
    }
}
