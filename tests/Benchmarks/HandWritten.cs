using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DiscoveryGen.Benchmarks;

/// <summary>The floor: what a careful developer writes by hand with HttpClient and Utf8JsonReader for the same calls.</summary>
internal sealed class HandObject
{
    public string? Kind, Id, SelfLink, MediaLink, Name, Bucket, ContentType, StorageClass, Md5Hash, Crc32c, Etag, CacheControl;
    public int? ComponentCount;
    public long? Generation, Metageneration;
    public ulong? Size;
    public DateTimeOffset? TimeCreated, Updated, TimeStorageClassUpdated;
    public Dictionary<string, string>? Metadata;
}

internal sealed class HandObjects
{
    public string? Kind, NextPageToken;
    public List<HandObject>? Items;
}

internal sealed class HandWrittenStorage
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    public HandWrittenStorage(HttpClient http, Uri baseUri)
    {
        _http = http;
        _base = baseUri;
    }

    public async Task<HandObject> GetAsync(string bucket, string @object, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(_base, "b/" + Uri.EscapeDataString(bucket) + "/o/" + Uri.EscapeDataString(@object));
        var bytes = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return ReadObject(ref reader);
    }

    public async Task<HandObjects> ListAsync(string bucket, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(_base, "b/" + Uri.EscapeDataString(bucket) + "/o");
        var bytes = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        return ReadObjects(bytes);
    }

    private async Task<byte[]> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public static HandObjects ReadObjects(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var result = new HandObjects();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                var items = new List<HandObject>();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    items.Add(ReadObject(ref reader));
                }

                result.Items = items;
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                result.Kind = reader.GetString();
            }
            else if (reader.ValueTextEquals("nextPageToken"u8))
            {
                reader.Read();
                result.NextPageToken = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }

    public static HandObject ReadObject(ref Utf8JsonReader reader)
    {
        var o = new HandObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("kind"u8)) { reader.Read(); o.Kind = reader.GetString(); }
            else if (reader.ValueTextEquals("id"u8)) { reader.Read(); o.Id = reader.GetString(); }
            else if (reader.ValueTextEquals("selfLink"u8)) { reader.Read(); o.SelfLink = reader.GetString(); }
            else if (reader.ValueTextEquals("mediaLink"u8)) { reader.Read(); o.MediaLink = reader.GetString(); }
            else if (reader.ValueTextEquals("name"u8)) { reader.Read(); o.Name = reader.GetString(); }
            else if (reader.ValueTextEquals("bucket"u8)) { reader.Read(); o.Bucket = reader.GetString(); }
            else if (reader.ValueTextEquals("generation"u8)) { reader.Read(); o.Generation = long.Parse(reader.GetString()!, CultureInfo.InvariantCulture); }
            else if (reader.ValueTextEquals("metageneration"u8)) { reader.Read(); o.Metageneration = long.Parse(reader.GetString()!, CultureInfo.InvariantCulture); }
            else if (reader.ValueTextEquals("contentType"u8)) { reader.Read(); o.ContentType = reader.GetString(); }
            else if (reader.ValueTextEquals("storageClass"u8)) { reader.Read(); o.StorageClass = reader.GetString(); }
            else if (reader.ValueTextEquals("size"u8)) { reader.Read(); o.Size = ulong.Parse(reader.GetString()!, CultureInfo.InvariantCulture); }
            else if (reader.ValueTextEquals("cacheControl"u8)) { reader.Read(); o.CacheControl = reader.GetString(); }
            else if (reader.ValueTextEquals("componentCount"u8)) { reader.Read(); o.ComponentCount = reader.GetInt32(); }
            else if (reader.ValueTextEquals("md5Hash"u8)) { reader.Read(); o.Md5Hash = reader.GetString(); }
            else if (reader.ValueTextEquals("crc32c"u8)) { reader.Read(); o.Crc32c = reader.GetString(); }
            else if (reader.ValueTextEquals("etag"u8)) { reader.Read(); o.Etag = reader.GetString(); }
            else if (reader.ValueTextEquals("timeCreated"u8)) { reader.Read(); o.TimeCreated = reader.GetDateTimeOffset(); }
            else if (reader.ValueTextEquals("updated"u8)) { reader.Read(); o.Updated = reader.GetDateTimeOffset(); }
            else if (reader.ValueTextEquals("timeStorageClassUpdated"u8)) { reader.Read(); o.TimeStorageClassUpdated = reader.GetDateTimeOffset(); }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                var metadata = new Dictionary<string, string>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    metadata[key] = reader.GetString()!;
                }

                o.Metadata = metadata;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return o;
    }
}
