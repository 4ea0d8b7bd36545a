using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>Formats model classes and open enums, with their emitted JSON reading and writing.</summary>
internal static class ModelEmitter
{
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
        WriteDocs(writer, type.Description);
        if (type.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.OpenBlock($"{accessibility} sealed partial class {type.Name} : global::DiscoveryGen.Runtime.IJsonModel<{type.Name}>");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            writer.WriteLine($"private static readonly global::System.Text.Json.JsonEncodedText __Json{i} = global::System.Text.Json.JsonEncodedText.Encode({CSharpText.Literal(property.JsonName)});");
        }

        if (type.Properties.Count > 0)
        {
            writer.WriteLine();
        }

        foreach (var property in type.Properties)
        {
            var docs = property.Description;
            if (property.ReadOnly)
            {
                docs = (docs is null ? string.Empty : docs.TrimEnd() + "\n") + "Output only: read from responses, never sent.";
            }

            WriteDocs(writer, docs);
            if (property.Deprecated)
            {
                writer.WriteLine("[global::System.Obsolete]");
            }

            writer.WriteLine($"public {TypeCode.NullableName(property.Type)} {property.Name} {{ get; set; }}");
            writer.WriteLine();
        }

        EmitRead(writer, type);
        writer.WriteLine();
        EmitWrite(writer, type);
        writer.CloseBlock();
    }

    private static void EmitRead(SourceWriter writer, TypeModel type)
    {
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public static {type.Name} ReadJson(ref global::System.Text.Json.Utf8JsonReader reader)");
        writer.WriteLine($"global::DiscoveryGen.Runtime.JsonWire.ExpectStartObject(ref reader, {CSharpText.Literal(type.Name)});");
        writer.WriteLine($"var result = new {type.Name}();");
        writer.OpenBlock("while (true)");
        writer.WriteLine("global::DiscoveryGen.Runtime.JsonWire.ReadValue(ref reader);");
        writer.OpenBlock("if (reader.TokenType == global::System.Text.Json.JsonTokenType.EndObject)");
        writer.WriteLine("return result;");
        writer.CloseBlock();
        writer.WriteLine();
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            writer.OpenBlock($"{(i == 0 ? "if" : "else if")} (reader.ValueTextEquals({CSharpText.Utf8Literal(property.JsonName)}))");
            writer.WriteLine("global::DiscoveryGen.Runtime.JsonWire.ReadValue(ref reader);");
            writer.OpenBlock("if (reader.TokenType != global::System.Text.Json.JsonTokenType.Null)");
            writer.WriteLine($"result.{property.Name} = {TypeCode.ReadExpression(property.Type)};");
            writer.CloseBlock();
            writer.CloseBlock();
        }

        if (type.Properties.Count > 0)
        {
            writer.OpenBlock("else");
        }

        writer.WriteLine("global::DiscoveryGen.Runtime.JsonWire.ReadValue(ref reader);");
        writer.WriteLine("reader.Skip();");
        if (type.Properties.Count > 0)
        {
            writer.CloseBlock();
        }

        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void EmitWrite(SourceWriter writer, TypeModel type)
    {
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock("public void WriteJson(global::System.Text.Json.Utf8JsonWriter writer)");
        writer.WriteLine("writer.WriteStartObject();");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            if (property.ReadOnly)
            {
                continue;
            }

            var value = TypeCode.IsValueType(property.Type) ? property.Name + ".Value" : property.Name;
            writer.OpenBlock($"if ({property.Name} is not null)");
            writer.WriteLine($"writer.WritePropertyName(__Json{i});");
            writer.WriteLine(TypeCode.WriteStatement(property.Type, value));
            writer.CloseBlock();
        }

        writer.WriteLine("writer.WriteEndObject();");
        writer.CloseBlock();
    }

    private static void EmitEnum(SourceWriter writer, TypeModel type, string accessibility)
    {
        var name = type.Name;
        WriteDocs(writer, (type.Description is null ? string.Empty : type.Description.TrimEnd() + "\n") +
            "An open enum: values this client does not know are kept as they are.");
        if (type.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        writer.OpenBlock($"{accessibility} readonly partial struct {name} : global::System.IEquatable<{name}>, global::DiscoveryGen.Runtime.IJsonModel<{name}>");
        writer.WriteLine("private readonly string? _value;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Creates a value; any string is accepted, known or not.</summary>");
        writer.OpenBlock($"public {name}(string value)");
        writer.WriteLine("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        writer.CloseBlock();
        writer.WriteLine();
        foreach (var member in type.EnumMembers)
        {
            WriteDocs(writer, member.Description ?? member.Value);
            if (member.Deprecated)
            {
                writer.WriteLine("[global::System.Obsolete]");
            }

            writer.WriteLine($"public static {name} {member.Name} {{ get; }} = new({CSharpText.Literal(member.Value)});");
            writer.WriteLine();
        }

        writer.WriteLine("/// <summary>The wire value.</summary>");
        writer.WriteLine("public string Value => _value ?? string.Empty;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>True when the value is one the discovery document declares.</summary>");
        if (type.EnumMembers.Count == 0)
        {
            writer.WriteLine("public bool IsKnown => false;");
        }
        else
        {
            var values = new System.Text.StringBuilder();
            for (var i = 0; i < type.EnumMembers.Count; i++)
            {
                values.Append(i == 0 ? string.Empty : " or ").Append(CSharpText.Literal(type.EnumMembers[i].Value));
            }

            writer.WriteLine($"public bool IsKnown => Value is {values};");
        }

        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public bool Equals({name} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public override bool Equals(object? obj) => obj is {name} other && Equals(other);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override string ToString() => Value;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Compares two values by their wire text.</summary>");
        writer.WriteLine($"public static bool operator ==({name} left, {name} right) => left.Equals(right);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Compares two values by their wire text.</summary>");
        writer.WriteLine($"public static bool operator !=({name} left, {name} right) => !left.Equals(right);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Wraps a wire value.</summary>");
        writer.WriteLine($"public static implicit operator {name}(string value) => new(value);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public static {name} ReadJson(ref global::System.Text.Json.Utf8JsonReader reader) => new(global::DiscoveryGen.Runtime.JsonWire.ReadString(ref reader));");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public void WriteJson(global::System.Text.Json.Utf8JsonWriter writer) => writer.WriteStringValue(Value);");
        writer.CloseBlock();
    }

    public static void WriteDocs(SourceWriter writer, string? description)
    {
        foreach (var line in CSharpText.DocLines("summary", description))
        {
            writer.WriteLine(line);
        }
    }
}
