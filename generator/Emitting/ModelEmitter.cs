using System.Linq;
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

    private const string Json = "global::System.Text.Json";
    private const string Wire = "global::DiscoveryGen.Runtime.JsonWire";

    private static void EmitClass(SourceWriter writer, TypeModel type, string accessibility)
    {
        WriteDocs(writer, type.Description);
        if (type.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete]");
        }

        var interfaces = type.Operation is null ? string.Empty : ", global::DiscoveryGen.Runtime.ILongRunningOperation";
        writer.OpenBlock($"{accessibility} sealed partial class {type.Name} : global::DiscoveryGen.Runtime.IJsonModel<{type.Name}>{interfaces}");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            writer.WriteLine($"private static readonly {Json}.JsonEncodedText __Json{i} = {Json}.JsonEncodedText.Encode({CSharpText.Literal(type.Properties[i].JsonName)});");
        }

        if (type.Properties.Count > 0)
        {
            writer.WriteLine();
        }

        foreach (var property in type.Properties)
        {
            WriteDocs(writer, PropertyDocs(property));
            if (property.Deprecated)
            {
                writer.WriteLine("[global::System.Obsolete]");
            }

            writer.WriteLine($"public {TypeCode.NullableName(property.Type)} {property.Name} {{ get; set; }}");
            writer.WriteLine();
        }

        if (type.AdditionalPropertiesType is { } additional)
        {
            writer.WriteLine("/// <summary>Entries of the map beside the fixed properties (the schema's <c>additionalProperties</c>).</summary>");
            writer.WriteLine($"public global::System.Collections.Generic.Dictionary<string, {TypeCode.Name(additional)}>? AdditionalProperties {{ get; set; }}");
        }
        else
        {
            writer.WriteLine("/// <summary>JSON properties this client does not know, kept as they came and written back (read-modify-write loses nothing).</summary>");
            writer.WriteLine($"public global::System.Collections.Generic.Dictionary<string, {Json}.JsonElement>? ExtensionData {{ get; set; }}");
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>JSON names of properties to send as an explicit <c>null</c> while they are null (e.g. to clear a field in a PATCH).</summary>");
        writer.WriteLine("public global::System.Collections.Generic.ISet<string>? NullFields { get; set; }");
        writer.WriteLine();

        if (type.VariantCases.Count > 0)
        {
            EmitVariant(writer, type);
        }

        if (type.Operation is { } operation)
        {
            EmitOperation(writer, operation);
        }

        EmitRead(writer, type);
        writer.WriteLine();
        EmitWrite(writer, type);
        writer.CloseBlock();
    }

    private static string? PropertyDocs(PropertyModel property)
    {
        var docs = property.Description?.TrimEnd();
        void Add(string line) => docs = docs is null ? line : docs + "\n" + line;
        if (property.ReadOnly)
        {
            Add("Output only: read from responses, never sent.");
        }

        if (property.Default is not null)
        {
            Add("Server default: " + property.Default + ".");
        }

        if (property.RequiredFor.Count > 0)
        {
            Add("Required by: " + string.Join(", ", property.RequiredFor) + ".");
        }

        return docs;
    }

    private static void EmitOperation(SourceWriter writer, OperationShape shape)
    {
        const string Interface = "global::DiscoveryGen.Runtime.ILongRunningOperation";
        string Json(string? property, bool isMap) => property is null
            ? "null"
            : isMap ? $"{Wire}.ToElement({property})" : property;
        writer.WriteLine($"string? {Interface}.OperationName => {shape.Name};");
        writer.WriteLine();
        writer.WriteLine($"bool {Interface}.IsDone => {shape.Done} == true;");
        writer.WriteLine();
        writer.WriteLine($"global::DiscoveryGen.Runtime.RpcStatus? {Interface}.OperationError => {(shape.Error is null ? "null" : $"global::DiscoveryGen.Runtime.RpcStatus.FromModel({shape.Error})")};");
        writer.WriteLine();
        writer.WriteLine($"{Json_}.JsonElement? {Interface}.ResponseJson => {Json(shape.Response, shape.ResponseIsMap)};");
        writer.WriteLine();
        writer.WriteLine($"{Json_}.JsonElement? {Interface}.MetadataJson => {Json(shape.Metadata, shape.MetadataIsMap)};");
        writer.WriteLine();
    }

    private const string Json_ = Json;

    private static void EmitVariant(SourceWriter writer, TypeModel type)
    {
        writer.WriteLine($"private {Json}.JsonElement __variantJson;");
        writer.WriteLine();
        foreach (var variant in type.VariantCases)
        {
            writer.WriteLine($"/// <summary>This object read as <see cref=\"{variant.Type.Name}\"/> when <c>{type.VariantDiscriminant}</c> is <c>{CSharpText.Xml(variant.TypeValue)}</c>; otherwise null.</summary>");
            var discriminant = type.Properties.First(p => p.Name == type.VariantDiscriminant);
            var text = discriminant.Type.Kind == TypeKind.Enum ? type.VariantDiscriminant + "?.Value" : type.VariantDiscriminant;
            writer.WriteLine($"public {variant.Type.Name}? {variant.MethodName}() => {text} == {CSharpText.Literal(variant.TypeValue)} && __variantJson.ValueKind == {Json}.JsonValueKind.Object ? {Wire}.ReadFrom<{variant.Type.Name}>(__variantJson) : null;");
            writer.WriteLine();
        }
    }

    private static void EmitRead(SourceWriter writer, TypeModel type)
    {
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public static {type.Name} ReadJson(ref {Json}.Utf8JsonReader reader)");
        writer.WriteLine($"{Wire}.ExpectStartObject(ref reader, {CSharpText.Literal(type.Name)});");
        if (type.VariantCases.Count > 0)
        {
            writer.WriteLine($"var __raw = {Json}.JsonElement.ParseValue(ref reader);");
            writer.WriteLine($"var __inner = new {Json}.Utf8JsonReader(global::System.Text.Encoding.UTF8.GetBytes(__raw.GetRawText()));");
            writer.WriteLine("__inner.Read();");
            writer.WriteLine("var __result = ReadProperties(ref __inner);");
            writer.WriteLine("__result.__variantJson = __raw;");
            writer.WriteLine("return __result;");
            writer.CloseBlock();
            writer.WriteLine();
            writer.OpenBlock($"private static {type.Name} ReadProperties(ref {Json}.Utf8JsonReader reader)");
        }

        writer.WriteLine($"var result = new {type.Name}();");
        writer.OpenBlock("while (true)");
        writer.WriteLine($"{Wire}.ReadValue(ref reader);");
        writer.OpenBlock($"if (reader.TokenType == {Json}.JsonTokenType.EndObject)");
        writer.WriteLine("return result;");
        writer.CloseBlock();
        writer.WriteLine();
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            writer.OpenBlock($"if (reader.ValueTextEquals({CSharpText.Utf8Literal(property.JsonName)}))");
            writer.WriteLine($"{Wire}.ReadValue(ref reader);");
            writer.OpenBlock($"if (reader.TokenType != {Json}.JsonTokenType.Null)");
            writer.WriteLine($"result.{property.Name} = {TypeCode.ReadExpression(property.Type)};");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("continue;");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("var __name = reader.GetString()!;");
        writer.WriteLine($"{Wire}.ReadValue(ref reader);");
        if (type.AdditionalPropertiesType is { } additional)
        {
            writer.OpenBlock($"if (reader.TokenType != {Json}.JsonTokenType.Null)");
            writer.WriteLine($"(result.AdditionalProperties ??= new(global::System.StringComparer.Ordinal))[__name] = {TypeCode.ReadExpression(additional)};");
            writer.CloseBlock();
        }
        else
        {
            writer.WriteLine($"(result.ExtensionData ??= new(global::System.StringComparer.Ordinal))[__name] = {Wire}.ReadAny(ref reader);");
        }

        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void EmitWrite(SourceWriter writer, TypeModel type)
    {
        writer.WriteLine("/// <inheritdoc />");
        writer.OpenBlock($"public void WriteJson({Json}.Utf8JsonWriter writer)");
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
            writer.OpenBlock($"else if (NullFields?.Contains({CSharpText.Literal(property.JsonName)}) == true)");
            writer.WriteLine($"writer.WriteNull(__Json{i});");
            writer.CloseBlock();
        }

        if (type.AdditionalPropertiesType is { } additional)
        {
            writer.OpenBlock("if (AdditionalProperties is not null)");
            writer.OpenBlock("foreach (var __entry in AdditionalProperties)");
            writer.WriteLine("writer.WritePropertyName(__entry.Key);");
            writer.WriteLine(TypeCode.WriteStatement(additional, "__entry.Value"));
            writer.CloseBlock();
            writer.CloseBlock();
        }
        else
        {
            writer.WriteLine($"{Wire}.WriteExtensionData(writer, ExtensionData);");
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
