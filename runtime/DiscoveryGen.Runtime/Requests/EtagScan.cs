using System;
using System.Text.Json;

namespace DiscoveryGen.Runtime;

/// <summary>Finds an etag precondition in a JSON request body.</summary>
internal static class EtagScan
{
    public static bool HasEtag(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                // CurrentDepth 1: a property of the body; 2: a property of an object the body holds.
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth is 1 or 2 && reader.ValueTextEquals("etag"u8))
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                    {
                        return true;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
