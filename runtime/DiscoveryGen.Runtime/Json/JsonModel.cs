using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The base of every generated model class: unknown JSON properties (<see cref="ExtensionData"/>), the properties to
/// send as explicit nulls (<see cref="NullFields"/>), and the JSON object frame. A generated class lists its JSON names
/// once (<see cref="JsonNames"/>), adds one arm per property, by number, to read and one call per property to write;
/// the loop, matching a name to its number, null handling and the <see cref="NullFields"/> rule live here, once.
/// </summary>
/// <remarks>
/// The protected helpers are for generated code. A <c>Read…</c> helper is called with the reader on a property name:
/// it moves to the value and reads it (JSON null gives null). A <c>Write…</c> helper takes the property's number in
/// <see cref="JsonNames"/> and writes the property when the value is not null, else an explicit null when
/// <see cref="NullFields"/> lists the name, else nothing.
/// </remarks>
public abstract class JsonModel
{
    /// <summary>JSON properties this client does not know, kept as they came and written back (read-modify-write loses nothing).</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>JSON names of properties to send as an explicit <c>null</c> while they are null (e.g. to clear a field in a PATCH).</summary>
    public ISet<string>? NullFields { get; set; }

    /// <summary>Writes this object: its properties, then <see cref="ExtensionData"/>.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteJsonProperties(writer);
        JsonWire.WriteExtensionData(writer, ExtensionData);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads the property the reader is on when this type knows it (the generated switch on its number); returns false
    /// to keep it in <see cref="ExtensionData"/>.
    /// </summary>
    /// <param name="reader">The reader, on the property's name.</param>
    /// <param name="name">The name's number in <see cref="JsonNames"/> (matched unescaped), or -1 for a name not there.</param>
    protected virtual bool ReadJsonProperty(ref Utf8JsonReader reader, int name) => false;

    /// <summary>
    /// The JSON names of this type's properties; the generated read arms and write calls refer to a name by its number
    /// here. Asked once per type.
    /// </summary>
    protected virtual string[] JsonNames() => [];

    /// <summary>The table of <see cref="JsonNames"/> (kept once per type by <see cref="JsonModel{TSelf}"/>).</summary>
    internal virtual JsonNameTable Names => new(JsonNames());

    /// <summary>Writes the known properties (one generated call each).</summary>
    /// <param name="writer">The writer, inside the object.</param>
    protected virtual void WriteJsonProperties(Utf8JsonWriter writer)
    {
    }

    /// <summary>Reads a JSON object into <paramref name="model"/> (the generated <c>ReadJson</c>).</summary>
    /// <param name="reader">The reader, on the object's start.</param>
    /// <param name="model">A new instance to fill.</param>
    /// <returns><paramref name="model"/>.</returns>
    protected static T ReadObject<T>(ref Utf8JsonReader reader, T model)
        where T : JsonModel
    {
        ArgumentNullException.ThrowIfNull(model);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {model.GetType().Name} but found {reader.TokenType}.");
        }

        var names = model.Names;
        var previous = -1;
        while (true)
        {
            JsonWire.ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return model;
            }

            var index = names.IndexOf(ref reader, previous);
            previous = index < 0 ? previous : index;
            if (!model.ReadJsonProperty(ref reader, index))
            {
                var name = RecentNames.Read(ref reader);
                JsonWire.ReadValue(ref reader);
                (model.ExtensionData ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = JsonWire.ReadAny(ref reader);
            }
        }
    }

    /// <summary>Reads a model from the raw JSON of another (a variant's <c>As…()</c>, a read that keeps the raw JSON).</summary>
    /// <param name="raw">A JSON object.</param>
    /// <param name="model">A new instance to fill.</param>
    /// <returns><paramref name="model"/>.</returns>
    protected static T ReadObject<T>(JsonElement raw, T model)
        where T : JsonModel
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(raw.GetRawText()));
        reader.Read();
        return ReadObject(ref reader, model);
    }

    // Reading: the reader is on the property name; each helper moves to the value and reads it, JSON null giving null.

    /// <summary>Reads a string property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static string? ReadString(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadString(ref reader) : null;

    /// <summary>Reads a boolean property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static bool? ReadBoolean(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadBoolean(ref reader) : null;

    /// <summary>Reads an int32 property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static int? ReadInt32(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadInt32(ref reader) : null;

    /// <summary>Reads a uint32 property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static uint? ReadUInt32(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadUInt32(ref reader) : null;

    /// <summary>Reads an int64 property (a JSON string or number).</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static long? ReadInt64(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadInt64(ref reader) : null;

    /// <summary>Reads a uint64 property (a JSON string or number).</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static ulong? ReadUInt64(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadUInt64(ref reader) : null;

    /// <summary>Reads a double property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static double? ReadDouble(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadDouble(ref reader) : null;

    /// <summary>Reads a float property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static float? ReadSingle(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadSingle(ref reader) : null;

    /// <summary>Reads an RFC 3339 timestamp property (<c>date-time</c>, <c>google-datetime</c>).</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static DateTimeOffset? ReadDateTime(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadDateTime(ref reader) : null;

    /// <summary>Reads a <c>date</c> property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static DateOnly? ReadDate(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadDate(ref reader) : null;

    /// <summary>Reads a <c>google-duration</c> property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static TimeSpan? ReadDuration(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadDuration(ref reader) : null;

    /// <summary>Reads a base64 (<c>byte</c>) property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static byte[]? ReadBytes(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadBytes(ref reader) : null;

    /// <summary>Reads a <c>google-fieldmask</c> property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static FieldMask? ReadFieldMask(ref Utf8JsonReader reader) => Next(ref reader) ? (FieldMask?)JsonWire.ReadFieldMask(ref reader) : null;

    /// <summary>Reads an <c>any</c> property as a detached element.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static JsonElement? ReadAny(ref Utf8JsonReader reader) => Next(ref reader) ? JsonWire.ReadAny(ref reader) : null;

    /// <summary>Reads a model property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static T? ReadModel<T>(ref Utf8JsonReader reader)
        where T : class, IJsonModel<T> => Next(ref reader) ? T.ReadJson(ref reader) : null;

    /// <summary>Reads an open-enum property.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static T? ReadEnum<T>(ref Utf8JsonReader reader)
        where T : struct, IJsonModel<T> => Next(ref reader) ? T.ReadJson(ref reader) : null;

    /// <summary>Reads an array of strings.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static List<string>? ReadStringList(ref Utf8JsonReader reader) =>
        Next(ref reader) ? JsonWire.ReadList(ref reader, JsonWire.ReadString) : null;

    /// <summary>Reads an array of models.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static List<T>? ReadModelList<T>(ref Utf8JsonReader reader)
        where T : class, IJsonModel<T>
    {
        if (!Next(ref reader))
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array but found {reader.TokenType}.");
        }

        var list = new List<T>();
        while (true)
        {
            JsonWire.ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            list.Add(reader.TokenType == JsonTokenType.Null ? throw new JsonException("A JSON array item was null.") : T.ReadJson(ref reader));
        }
    }

    /// <summary>Reads an array whose items <paramref name="readItem"/> reads.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="readItem">Reads one item.</param>
    protected static List<T>? ReadList<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readItem) =>
        Next(ref reader) ? JsonWire.ReadList(ref reader, readItem) : null;

    /// <summary>Reads a map of strings (values may be null).</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static Dictionary<string, string?>? ReadStringMap(ref Utf8JsonReader reader) =>
        Next(ref reader) ? JsonWire.ReadNullableMap(ref reader, JsonWire.ReadString) : null;

    /// <summary>Reads a map of models (values may be null).</summary>
    /// <param name="reader">The reader, on the property name.</param>
    protected static Dictionary<string, T?>? ReadModelMap<T>(ref Utf8JsonReader reader)
        where T : class, IJsonModel<T> => Next(ref reader) ? JsonWire.ReadNullableMap(ref reader, T.ReadJson) : null;

    /// <summary>Reads a map of value-type values.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="readValue">Reads one value.</param>
    protected static Dictionary<string, T>? ReadMap<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readValue) =>
        Next(ref reader) ? JsonWire.ReadMap(ref reader, readValue) : null;

    /// <summary>Reads a map whose reference-type values may be null.</summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="readValue">Reads one value.</param>
    protected static Dictionary<string, T?>? ReadNullableMap<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readValue)
        where T : class => Next(ref reader) ? JsonWire.ReadNullableMap(ref reader, readValue) : null;

    /// <summary>
    /// Reads an unknown property into a typed map (a schema with <c>additionalProperties</c> beside fixed properties);
    /// a JSON null is skipped.
    /// </summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <param name="map">The map so far (null: none yet).</param>
    /// <param name="readValue">Reads one value.</param>
    /// <returns>The map, created when needed.</returns>
    protected static Dictionary<string, T>? ReadAdditionalProperty<T>(ref Utf8JsonReader reader, Dictionary<string, T>? map, JsonReadFunc<T> readValue)
    {
        ArgumentNullException.ThrowIfNull(readValue);
        var name = RecentNames.Read(ref reader);
        if (!Next(ref reader))
        {
            return map;
        }

        map ??= new Dictionary<string, T>(StringComparer.Ordinal);
        map[name] = readValue(ref reader);
        return map;
    }

    /// <summary>Moves to the value; false when it is JSON null.</summary>
    private protected static bool Next(ref Utf8JsonReader reader)
    {
        JsonWire.ReadValue(ref reader);
        return reader.TokenType != JsonTokenType.Null;
    }

    // Writing: a non-null value is written; a null one is written as JSON null only when NullFields lists its name.

    /// <summary>Writes a string property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteString(Utf8JsonWriter writer, int name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is not null)
        {
            writer.WriteString(Names.Encoded[name], value);
        }
        else
        {
            WriteNullIfListed(writer, name);
        }
    }

    /// <summary>Writes a boolean property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteBoolean(Utf8JsonWriter writer, int name, bool? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteBoolean(Names.Encoded[name], v);
        }
        else
        {
            WriteNullIfListed(writer, name);
        }
    }

    /// <summary>Writes an int32 property (a JSON number).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteInt32(Utf8JsonWriter writer, int name, int? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumber(Names.Encoded[name], v);
        }
        else
        {
            WriteNullIfListed(writer, name);
        }
    }

    /// <summary>Writes a uint32 property (a JSON number).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteUInt32(Utf8JsonWriter writer, int name, uint? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumber(Names.Encoded[name], v);
        }
        else
        {
            WriteNullIfListed(writer, name);
        }
    }

    /// <summary>Writes an int64 property (a JSON string, as Google's APIs expect).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteInt64(Utf8JsonWriter writer, int name, long? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteInt64(writer, value!.Value);
        }
    }

    /// <summary>Writes a uint64 property (a JSON string, as Google's APIs expect).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteUInt64(Utf8JsonWriter writer, int name, ulong? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteUInt64(writer, value!.Value);
        }
    }

    /// <summary>Writes a double property (non-finite values as the strings Google uses).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteDouble(Utf8JsonWriter writer, int name, double? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteDouble(writer, value!.Value);
        }
    }

    /// <summary>Writes a float property (non-finite values as the strings Google uses).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteSingle(Utf8JsonWriter writer, int name, float? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteSingle(writer, value!.Value);
        }
    }

    /// <summary>Writes an RFC 3339 timestamp property keeping its offset (<c>date-time</c>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteDateTime(Utf8JsonWriter writer, int name, DateTimeOffset? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteDateTime(writer, value!.Value);
        }
    }

    /// <summary>Writes a UTC RFC 3339 timestamp property with a <c>Z</c> suffix (<c>google-datetime</c>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteGoogleDateTime(Utf8JsonWriter writer, int name, DateTimeOffset? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteGoogleDateTime(writer, value!.Value);
        }
    }

    /// <summary>Writes a <c>date</c> property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteDate(Utf8JsonWriter writer, int name, DateOnly? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteDate(writer, value!.Value);
        }
    }

    /// <summary>Writes a <c>google-duration</c> property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteDuration(Utf8JsonWriter writer, int name, TimeSpan? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteDuration(writer, value!.Value);
        }
    }

    /// <summary>Writes a base64 (<c>byte</c>) property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteBytes(Utf8JsonWriter writer, int name, byte[]? value)
    {
        if (Property(writer, name, value is not null))
        {
            JsonWire.WriteBytes(writer, value!);
        }
    }

    /// <summary>Writes a <c>google-fieldmask</c> property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteFieldMask(Utf8JsonWriter writer, int name, FieldMask? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteFieldMask(writer, value!.Value);
        }
    }

    /// <summary>Writes an <c>any</c> property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteAny(Utf8JsonWriter writer, int name, JsonElement? value)
    {
        if (Property(writer, name, value.HasValue))
        {
            JsonWire.WriteAny(writer, value!.Value);
        }
    }

    /// <summary>Writes a model property.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteModel(Utf8JsonWriter writer, int name, JsonModel? value)
    {
        if (Property(writer, name, value is not null))
        {
            value!.WriteJson(writer);
        }
    }

    /// <summary>Writes an array of strings.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteStringList(Utf8JsonWriter writer, int name, List<string>? value)
    {
        if (Property(writer, name, value is not null))
        {
            writer.WriteStartArray();
            foreach (var item in value!)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>Writes an array of models.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteModelList(Utf8JsonWriter writer, int name, IReadOnlyList<JsonModel>? value)
    {
        if (Property(writer, name, value is not null))
        {
            writer.WriteStartArray();
            for (var i = 0; i < value!.Count; i++)
            {
                value[i].WriteJson(writer);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>Writes an array whose items <paramref name="writeItem"/> writes.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    /// <param name="writeItem">Writes one item.</param>
    protected void WriteList<T>(Utf8JsonWriter writer, int name, List<T>? value, Action<Utf8JsonWriter, T> writeItem)
    {
        if (Property(writer, name, value is not null))
        {
            JsonWire.WriteList(writer, value!, writeItem);
        }
    }

    /// <summary>Writes a map of strings (null values as JSON null, e.g. to delete a key in a PATCH).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteStringMap(Utf8JsonWriter writer, int name, Dictionary<string, string?>? value)
    {
        if (Property(writer, name, value is not null))
        {
            JsonWire.WriteNullableMap(writer, value!, JsonWire.WriteString);
        }
    }

    /// <summary>Writes a map of models (null values as JSON null).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    protected void WriteModelMap<T>(Utf8JsonWriter writer, int name, Dictionary<string, T?>? value)
        where T : JsonModel
    {
        if (Property(writer, name, value is not null))
        {
            writer.WriteStartObject();
            foreach (var pair in value!)
            {
                writer.WritePropertyName(pair.Key);
                if (pair.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    pair.Value.WriteJson(writer);
                }
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>Writes a map of value-type values.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    /// <param name="writeValue">Writes one value.</param>
    protected void WriteMap<T>(Utf8JsonWriter writer, int name, Dictionary<string, T>? value, Action<Utf8JsonWriter, T> writeValue)
    {
        if (Property(writer, name, value is not null))
        {
            JsonWire.WriteMap(writer, value!, writeValue);
        }
    }

    /// <summary>Writes a map whose reference-type values may be null (written as JSON null).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The number of the JSON name in <see cref="JsonNames"/>.</param>
    /// <param name="value">The value.</param>
    /// <param name="writeValue">Writes one non-null value.</param>
    protected void WriteNullableMap<T>(Utf8JsonWriter writer, int name, Dictionary<string, T?>? value, Action<Utf8JsonWriter, T> writeValue)
        where T : class
    {
        if (Property(writer, name, value is not null))
        {
            JsonWire.WriteNullableMap(writer, value!, writeValue);
        }
    }

    /// <summary>Writes the entries of a typed map beside the fixed properties (<c>additionalProperties</c>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="map">The entries; null writes nothing.</param>
    /// <param name="writeValue">Writes one value.</param>
    protected static void WriteAdditionalProperties<T>(Utf8JsonWriter writer, Dictionary<string, T>? map, Action<Utf8JsonWriter, T> writeValue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(writeValue);
        if (map is null)
        {
            return;
        }

        foreach (var pair in map)
        {
            writer.WritePropertyName(pair.Key);
            writeValue(writer, pair.Value);
        }
    }

    /// <summary>Writes the property name when there is a value (true), or the listed explicit null (false).</summary>
    private bool Property(Utf8JsonWriter writer, int name, bool hasValue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (hasValue)
        {
            writer.WritePropertyName(Names.Encoded[name]);
            return true;
        }

        WriteNullIfListed(writer, name);
        return false;
    }

    private void WriteNullIfListed(Utf8JsonWriter writer, int name)
    {
        if (NullFields is { Count: > 0 } listed && listed.Contains(Names.Names[name]))
        {
            writer.WriteNull(Names.Encoded[name]);
        }
    }
}
