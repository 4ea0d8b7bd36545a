using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>
/// The wire formats of discovery types, called by generated JSON code: one place for each format.
/// Readers expect the reader on the value's token (never on null: generated code handles null first).
/// </summary>
public static partial class JsonWire
{
    /// <summary>
    /// How request bodies are written: UTF-8 as is (no <c>\u00E9</c> or HTML-safe <c>\u003C</c> escapes, which only
    /// matter when JSON is embedded in HTML), as Google's own clients send it. Quotes, backslashes and control
    /// characters are still escaped, so the JSON is always valid.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Throws unless the reader is on a StartObject token.</summary>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {typeName} but found {reader.TokenType}.");
        }
    }

    /// <summary>Moves from a property name to its value.</summary>
    public static void ReadValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("Unexpected end of JSON.");
        }
    }

    /// <summary>Reads a model.</summary>
    public static T ReadModel<T>(ref Utf8JsonReader reader)
        where T : IJsonModel<T> => T.ReadJson(ref reader);

    /// <summary>Writes a model.</summary>
    public static void WriteModel<T>(Utf8JsonWriter writer, T value)
        where T : IJsonModel<T> => value.WriteJson(writer);

    /// <summary>Reads a string.</summary>
    public static string ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? Text(ref reader)
            : throw Unexpected(ref reader, "a string");

    /// <summary>Writes a string.</summary>
    public static void WriteString(Utf8JsonWriter writer, string value) => writer.WriteStringValue(value);

    /// <summary>Reads a boolean (also from the strings "true"/"false").</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when reader.ValueTextEquals("true"u8) => true,
        JsonTokenType.String when reader.ValueTextEquals("false"u8) => false,
        _ => throw Unexpected(ref reader, "a boolean"),
    };

    /// <summary>Writes a boolean.</summary>
    public static void WriteBoolean(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

    /// <summary>Reads an int32 from a number or a numeric string.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : ParseString<int>(ref reader, "an int32");

    /// <summary>Writes an int32 as a number.</summary>
    public static void WriteInt32(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

    /// <summary>Reads a uint32 from a number or a numeric string.</summary>
    public static uint ReadUInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetUInt32() : ParseString<uint>(ref reader, "a uint32");

    /// <summary>Writes a uint32 as a number.</summary>
    public static void WriteUInt32(Utf8JsonWriter writer, uint value) => writer.WriteNumberValue(value);

    /// <summary>Reads an int64 from a string (Google's wire form) or a number.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt64()
        : TryPlainDigits(ref reader, out long value) ? value
        : ParseString<long>(ref reader, "an int64");

    /// <summary>Writes an int64 as a JSON string, as Google's APIs expect.</summary>
    public static void WriteInt64(Utf8JsonWriter writer, long value)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>Reads a uint64 from a string (Google's wire form) or a number.</summary>
    public static ulong ReadUInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetUInt64()
        : TryPlainDigits(ref reader, out ulong value) ? value
        : ParseString<ulong>(ref reader, "a uint64");

    /// <summary>Writes a uint64 as a JSON string, as Google's APIs expect.</summary>
    public static void WriteUInt64(Utf8JsonWriter writer, ulong value)
    {
        Span<byte> buffer = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>Reads a double from a number or a string (including "NaN", "Infinity", "-Infinity").</summary>
    public static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : ParseString<double>(ref reader, "a number");

    /// <summary>Writes a double; non-finite values as the strings Google uses.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Reads a float from a number or a string.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetSingle() : ParseString<float>(ref reader, "a number");

    /// <summary>Writes a float; non-finite values as the strings Google uses.</summary>
    public static void WriteSingle(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>Reads an RFC 3339 timestamp (<c>date-time</c>, <c>google-datetime</c>).</summary>
    public static DateTimeOffset ReadDateTime(ref Utf8JsonReader reader)
    {
        // The common shape straight from the UTF-8 bytes; anything else (escapes, other layouts) through a string.
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && RecentDate.TryParse(reader.ValueSpan, out var value))
        {
            return value;
        }

        return WireFormat.ParseDateTime(ReadString(ref reader));
    }

    /// <summary>Writes an RFC 3339 timestamp keeping its offset (<c>date-time</c>).</summary>
    public static void WriteDateTime(Utf8JsonWriter writer, DateTimeOffset value) =>
        writer.WriteStringValue(WireFormat.FormatDateTime(value));

    /// <summary>Writes a UTC RFC 3339 timestamp with a <c>Z</c> suffix (<c>google-datetime</c>).</summary>
    public static void WriteGoogleDateTime(Utf8JsonWriter writer, DateTimeOffset value) =>
        writer.WriteStringValue(WireFormat.FormatGoogleDateTime(value));

    /// <summary>Reads a full date (<c>date</c>, <c>yyyy-MM-dd</c>).</summary>
    public static DateOnly ReadDate(ref Utf8JsonReader reader) => WireFormat.ParseDate(ReadString(ref reader));

    /// <summary>Writes a full date.</summary>
    public static void WriteDate(Utf8JsonWriter writer, DateOnly value) => writer.WriteStringValue(WireFormat.FormatDate(value));

    /// <summary>Reads a <c>google-duration</c> such as <c>"3.5s"</c>.</summary>
    public static TimeSpan ReadDuration(ref Utf8JsonReader reader) => WireFormat.ParseDuration(ReadString(ref reader));

    /// <summary>Writes a <c>google-duration</c>.</summary>
    public static void WriteDuration(Utf8JsonWriter writer, TimeSpan value) =>
        writer.WriteStringValue(WireFormat.FormatDuration(value));

    /// <summary>Reads base64 (standard or URL-safe, padded or not) bytes.</summary>
    public static byte[] ReadBytes(ref Utf8JsonReader reader) => WireFormat.ParseBytes(ReadString(ref reader));

    /// <summary>Writes standard base64.</summary>
    public static void WriteBytes(Utf8JsonWriter writer, byte[] value) => writer.WriteBase64StringValue(value);

    /// <summary>Reads any JSON value (<c>type: any</c>) as a detached element.</summary>
    public static JsonElement ReadAny(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Writes any JSON value.</summary>
    public static void WriteAny(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>Writes a model's unknown properties back (null or empty writes nothing).</summary>
    public static void WriteExtensionData(Utf8JsonWriter writer, Dictionary<string, JsonElement>? extensionData)
    {
        if (extensionData is null)
        {
            return;
        }

        foreach (var pair in extensionData)
        {
            writer.WritePropertyName(pair.Key);
            WriteAny(writer, pair.Value);
        }
    }

    /// <summary>Reads a <c>google-fieldmask</c> string.</summary>
    public static FieldMask ReadFieldMask(ref Utf8JsonReader reader) => FieldMask.Parse(ReadString(ref reader));

    /// <summary>Writes a <c>google-fieldmask</c> string.</summary>
    public static void WriteFieldMask(Utf8JsonWriter writer, FieldMask value) => writer.WriteStringValue(value.ToString());

    /// <summary>Reads <c>{"data": value}</c> (APIs with the <c>dataWrapper</c> feature).</summary>
    public static T ReadDataWrapped<T>(ref Utf8JsonReader reader, JsonReadFunc<T> read)
    {
        ExpectStartObject(ref reader, "a data wrapper");
        T? value = default;
        var found = false;
        while (true)
        {
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return found ? value! : throw new JsonException("The response has no 'data' member.");
            }

            var isData = reader.ValueTextEquals("data"u8);
            ReadValue(ref reader);
            if (isData)
            {
                value = read(ref reader);
                found = true;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Writes <c>{"data": value}</c> (APIs with the <c>dataWrapper</c> feature).</summary>
    public static void WriteDataWrapped<T>(Utf8JsonWriter writer, T value)
        where T : IJsonModel<T>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("data"u8);
        value.WriteJson(writer);
        writer.WriteEndObject();
    }

    /// <summary>A map of JSON values as one JSON object element (null stays null).</summary>
    public static JsonElement? ToElement(Dictionary<string, JsonElement>? map)
    {
        if (map is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteMap(writer, map, WriteAny);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>The <c>@type</c> of a packed message (<c>type.googleapis.com/google.cloud.x.v1.Thing</c>), or null.</summary>
    public static string? TypeUrlOf(JsonElement packed) =>
        packed.ValueKind == JsonValueKind.Object && packed.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    /// <summary>
    /// Schema ids a type URL may name, most specific first: <c>type.googleapis.com/google.cloud.x.v1.Thing</c> gives
    /// <c>GoogleCloudXV1Thing</c> then <c>Thing</c>.
    /// </summary>
    public static IEnumerable<string> SchemaKeysFor(string? typeUrl)
    {
        if (string.IsNullOrEmpty(typeUrl))
        {
            yield break;
        }

        var name = typeUrl[(typeUrl.LastIndexOf('/') + 1)..];
        var parts = name.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            yield break;
        }

        var full = new System.Text.StringBuilder(name.Length);
        foreach (var part in parts)
        {
            full.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        yield return full.ToString();
        yield return parts[^1];
    }

    /// <summary>
    /// Reads a model from raw JSON: a packed message (an operation's <c>response</c> or <c>metadata</c>) or another
    /// model's JSON (variant <c>As...()</c> conversions). A top-level <c>@type</c> is dropped, as protobuf's <c>Any</c>
    /// drops it when unpacking: it names the message and is not one of its fields, so keeping it in
    /// <c>ExtensionData</c> would send <c>"@type"</c> back on a read-modify-write, which servers reject.
    /// </summary>
    public static T ReadFrom<T>(JsonElement raw)
        where T : IJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (raw.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject();
                foreach (var property in raw.EnumerateObject())
                {
                    if (!property.NameEquals("@type"))
                    {
                        property.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                raw.WriteTo(writer);
            }
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        return T.ReadJson(ref reader);
    }

    /// <summary>Reads an array; a JSON null element is an error (discovery arrays have no null items).</summary>
    public static List<T> ReadList<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readItem)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, "an array");
        }

        var list = new List<T>();
        while (true)
        {
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            if (reader.TokenType == JsonTokenType.Null && typeof(T) != typeof(JsonElement))
            {
                throw new JsonException("A JSON array item was null.");
            }

            list.Add(readItem(ref reader));
        }
    }

    /// <summary>Writes an array.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, List<T> value, Action<Utf8JsonWriter, T> writeItem)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writeItem(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads an object used as a map (<c>additionalProperties</c>).</summary>
    public static Dictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readValue)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unexpected(ref reader, "an object");
        }

        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (true)
        {
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }

            var key = RecentNames.Read(ref reader);
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.Null && typeof(T) != typeof(JsonElement))
            {
                throw new JsonException($"The JSON map value for key '{key}' was null.");
            }

            map[key] = readValue(ref reader);
        }
    }

    /// <summary>Reads a map whose values may be JSON null (reference-type values).</summary>
    public static Dictionary<string, T?> ReadNullableMap<T>(ref Utf8JsonReader reader, JsonReadFunc<T> readValue)
        where T : class
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Unexpected(ref reader, "an object");
        }

        var map = new Dictionary<string, T?>(StringComparer.Ordinal);
        while (true)
        {
            ReadValue(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }

            var key = RecentNames.Read(ref reader);
            ReadValue(ref reader);
            map[key] = reader.TokenType == JsonTokenType.Null ? null : readValue(ref reader);
        }
    }

    /// <summary>Writes a map whose null values are sent as JSON null (e.g. to delete a key in a PATCH).</summary>
    public static void WriteNullableMap<T>(Utf8JsonWriter writer, Dictionary<string, T?> value, Action<Utf8JsonWriter, T> writeValue)
        where T : class
    {
        writer.WriteStartObject();
        foreach (var pair in value)
        {
            writer.WritePropertyName(pair.Key);
            if (pair.Value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writeValue(writer, pair.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a map (keys in the dictionary's enumeration order).</summary>
    public static void WriteMap<T>(Utf8JsonWriter writer, Dictionary<string, T> value, Action<Utf8JsonWriter, T> writeValue)
    {
        writer.WriteStartObject();
        foreach (var pair in value)
        {
            writer.WritePropertyName(pair.Key);
            writeValue(writer, pair.Value);
        }

        writer.WriteEndObject();
    }

    // The wire form of 64-bit integers is a string of digits ("1724598711274191"): Utf8Parser reads it in about half the
    // time of the culture-aware TryParse. It accepts a subset of what ParseString accepts (an optional sign and digits,
    // no spaces), so anything else falls through to ParseString, which decides.
    private static bool TryPlainDigits(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out value, out var used) && used == reader.ValueSpan.Length;
    }

    private static bool TryPlainDigits(ref Utf8JsonReader reader, out ulong value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out value, out var used) && used == reader.ValueSpan.Length;
    }

    private static T ParseString<T>(ref Utf8JsonReader reader, string expected)
        where T : IUtf8SpanParsable<T>
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Unexpected(ref reader, expected);
        }

        if (!reader.HasValueSequence && !reader.ValueIsEscaped &&
            T.TryParse(reader.ValueSpan, CultureInfo.InvariantCulture, out var fast))
        {
            return fast;
        }

        var text = reader.GetString()!;
        return T.TryParse(System.Text.Encoding.UTF8.GetBytes(text), CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"Expected {expected} but found the string '{text}'.");
    }

    /// <summary>
    /// The string or property name the reader is on. Plain ASCII (most of what Google's APIs send) is checked in one
    /// vectorized pass and widened by the Latin-1 decoder, for which every byte is one char with no validation: for
    /// ASCII the same chars as UTF-8, in about 14 ns per storage value against 19-24 ns for <c>string.Create</c> with
    /// <see cref="Ascii.ToUtf16(ReadOnlySpan{byte}, Span{char}, out int)"/> and 25 ns for <see cref="Encoding.UTF8"/>.
    /// <see cref="Utf8JsonReader.GetString"/> handles the rest (escapes, values split across segments, other UTF-8).
    /// </summary>
    internal static string Text(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            if (Ascii.IsValid(utf8))
            {
                return Encoding.Latin1.GetString(utf8);
            }
        }

        return reader.GetString()!;
    }

    private static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected} but found {reader.TokenType}.");
}
