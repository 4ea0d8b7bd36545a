using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime.Pipeline;

/// <summary>
/// Where in a JSON body reading stopped, as a JSON path (<c>$.items[3].timeout</c>). Computed only after a failure, by
/// reading the body again up to the failed token: the model readers keep no path while they read.
/// </summary>
internal static class JsonLocation
{
    /// <summary>The path of the token that starts at byte <paramref name="position"/> of <paramref name="body"/> (<c>$</c> for the root).</summary>
    public static string PathAt(ReadOnlySpan<byte> body, long position)
    {
        var path = new List<Segment>();
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                var here = reader.TokenStartIndex >= position;
                if (token == JsonTokenType.PropertyName)
                {
                    path[^1].Name = reader.GetString();
                }
                else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    // At a closing bracket, the path is the container's own.
                    path.RemoveAt(path.Count - 1);
                }
                else if (token != JsonTokenType.Comment)
                {
                    if (path.Count > 0 && path[^1].IsArray)
                    {
                        path[^1].Index++;
                    }

                    if (!here && token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        path.Add(new Segment(token == JsonTokenType.StartArray));
                    }
                }

                if (here)
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed past this point: the path of the last token read.
        }

        return Format(path);
    }

    private static string Format(List<Segment> path)
    {
        var builder = new StringBuilder("$");
        foreach (var segment in path)
        {
            if (segment.IsArray)
            {
                if (segment.Index >= 0)
                {
                    builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
            }
            else if (segment.Name is { } name)
            {
                if (IsPlain(name))
                {
                    builder.Append('.').Append(name);
                }
                else
                {
                    builder.Append("['").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
                }
            }
        }

        return builder.ToString();
    }

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '@' && c != '$')
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Segment(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public string? Name { get; set; }

        public int Index { get; set; } = -1;
    }
}
