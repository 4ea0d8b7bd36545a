using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// The JSON a storage.v1 server answers for objects.get and objects.list (1000 items). <see cref="List"/> is the
/// original, uniform payload (the HTTP benchmarks serve it); <see cref="RealisticList"/> is shaped like a real listing.
/// </summary>
internal static class StoragePayloads
{
    public const string Bucket = "bench-bucket";
    public const string ObjectName = "folder/object-000001.txt";

    public static string Object(int i)
    {
        var name = "folder/object-" + i.ToString("D6", CultureInfo.InvariantCulture) + ".txt";
        var generation = (1700000000000000L + i).ToString(CultureInfo.InvariantCulture);
        return "{\"kind\":\"storage#object\","
            + $"\"id\":\"{Bucket}/{name}/{generation}\","
            + $"\"selfLink\":\"https://www.googleapis.com/storage/v1/b/{Bucket}/o/folder%2Fobject-{i:D6}.txt\","
            + $"\"mediaLink\":\"https://storage.googleapis.com/download/storage/v1/b/{Bucket}/o/folder%2Fobject-{i:D6}.txt?generation={generation}&alt=media\","
            + $"\"name\":\"{name}\",\"bucket\":\"{Bucket}\",\"generation\":\"{generation}\",\"metageneration\":\"1\","
            + "\"contentType\":\"text/plain; charset=utf-8\",\"storageClass\":\"STANDARD\","
            + $"\"size\":\"{(1000 + (i * 37)).ToString(CultureInfo.InvariantCulture)}\","
            + "\"md5Hash\":\"XrY7u+Ae7tCTyyK7j1rNww==\",\"crc32c\":\"yZRlqg==\",\"etag\":\"CJCxz5n7k4IDEAE=\","
            + "\"timeCreated\":\"2024-01-02T03:04:05.678Z\",\"updated\":\"2024-01-02T03:04:05.678Z\","
            + "\"timeStorageClassUpdated\":\"2024-01-02T03:04:05.678Z\","
            + $"\"metadata\":{{\"owner\":\"bench\",\"index\":\"{i.ToString(CultureInfo.InvariantCulture)}\"}}}}";
    }

    // Declared before the lists: static fields initialize in order.
    private static readonly (string Prefix, string Extension, string ContentType)[] Kinds =
    [
        ("logs/app-server-{0}/{1:yyyy/MM/dd}/", ".log.gz", "application/gzip"),
        ("images/products/sku-{0}/", ".jpg", "image/jpeg"),
        ("images/thumbnails/sku-{0}/", ".png", "image/png"),
        ("exports/daily/{1:yyyy-MM-dd}/", ".parquet", "application/octet-stream"),
        ("static/js/", ".js", "text/javascript"),
        ("static/css/", ".css", "text/css"),
        ("reports/{1:yyyy}/q{0}/", ".csv", "text/csv"),
        ("config/service-{0}/", ".json", "application/json"),
    ];

    public static readonly byte[] Get = Encoding.UTF8.GetBytes(Object(1));

    /// <summary>
    /// The original objects.list payload: every item has the same hashes, timestamps, content type and a two-key
    /// metadata map. Kept for comparison with earlier measurements and served by the HTTP benchmarks.
    /// </summary>
    public static readonly byte[] List = BuildList(1000);

    /// <summary>
    /// objects.list of 1000 objects in one bucket as GCS returns it (the Object resource of the JSON API): unique
    /// names, ids, links, generations, hashes (base64 MD5 and CRC32C) and etags (the base64 of the generation and
    /// metageneration, as GCS makes them); sizes from bytes to tens of MB; creation times spread over a year; a few
    /// storage classes and content types by file kind; composite objects without md5Hash; metadata on about one item in
    /// five; cacheControl on web assets. Deterministic (a seeded generator).
    /// </summary>
    public static readonly byte[] RealisticList = BuildRealisticList(1000, "prod-assets-eu-7f3a");

    private static byte[] BuildList(int count)
    {
        var builder = new StringBuilder("{\"kind\":\"storage#objects\",\"nextPageToken\":\"CgRuZXh0\",\"items\":[");
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(Object(i));
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    private static byte[] BuildRealisticList(int count, string bucket)
    {
        var random = new Random(20240317);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var builder = new StringBuilder("{\"kind\":\"storage#objects\",\"nextPageToken\":\"");
        builder.Append(Convert.ToBase64String(Encoding.ASCII.GetBytes("\n\u0018images/thumbnails/sku-99/part-01000.png"))).Append("\",\"items\":[");
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var (prefix, extension, contentType) = Kinds[random.Next(Kinds.Length)];
            var created = start.AddSeconds(random.Next(0, 365 * 24 * 3600)).AddMilliseconds(random.Next(1000));
            var name = string.Format(CultureInfo.InvariantCulture, prefix, random.Next(1, 100), created)
                + "part-" + i.ToString("D5", CultureInfo.InvariantCulture) + (random.Next(4) == 0 ? "-" + random.Next(100000).ToString("x5", CultureInfo.InvariantCulture) : "")
                + extension;
            var encoded = Uri.EscapeDataString(name);
            var generation = (created.ToUnixTimeMilliseconds() * 1000) + random.Next(1000);
            var metageneration = random.Next(10) < 8 ? 1 : random.Next(2, 5);
            var updated = metageneration == 1 ? created : created.AddSeconds(random.Next(60, 30 * 24 * 3600));
            var storageClass = random.Next(20) switch { < 15 => "STANDARD", < 18 => "NEARLINE", 18 => "COLDLINE", _ => "ARCHIVE" };
            var classUpdated = storageClass == "STANDARD" ? created : updated;
            var size = random.Next(4) switch
            {
                0 => random.Next(0, 4096),
                1 => random.Next(4096, 1 << 20),
                2 => random.Next(1 << 20, 64 << 20),
                _ => random.Next(10_000, 200_000),
            };
            var composite = extension == ".parquet" && random.Next(3) == 0;
            var hash = new byte[16];
            random.NextBytes(hash);
            var crc = new byte[4];
            random.NextBytes(crc);

            var item = new StringBuilder("{\"kind\":\"storage#object\"");
            item.Append(",\"id\":\"").Append(bucket).Append('/').Append(name).Append('/').Append(generation).Append('"');
            item.Append(",\"selfLink\":\"https://www.googleapis.com/storage/v1/b/").Append(bucket).Append("/o/").Append(encoded).Append('"');
            item.Append(",\"mediaLink\":\"https://storage.googleapis.com/download/storage/v1/b/").Append(bucket).Append("/o/").Append(encoded)
                .Append("?generation=").Append(generation).Append("&alt=media\"");
            item.Append(",\"name\":\"").Append(name).Append('"');
            item.Append(",\"bucket\":\"").Append(bucket).Append('"');
            item.Append(",\"generation\":\"").Append(generation).Append('"');
            item.Append(",\"metageneration\":\"").Append(metageneration).Append('"');
            item.Append(",\"contentType\":\"").Append(contentType).Append('"');
            item.Append(",\"storageClass\":\"").Append(storageClass).Append('"');
            item.Append(",\"size\":\"").Append(size).Append('"');
            if (composite)
            {
                item.Append(",\"componentCount\":").Append(random.Next(2, 33));
            }
            else
            {
                item.Append(",\"md5Hash\":\"").Append(Convert.ToBase64String(hash)).Append('"');
            }

            if (extension is ".js" or ".css")
            {
                item.Append(",\"cacheControl\":\"public, max-age=31536000\"");
            }

            item.Append(",\"crc32c\":\"").Append(Convert.ToBase64String(crc)).Append('"');
            item.Append(",\"etag\":\"").Append(Etag(generation, metageneration)).Append('"');
            item.Append(",\"timeCreated\":\"").Append(Timestamp(created)).Append('"');
            item.Append(",\"updated\":\"").Append(Timestamp(updated)).Append('"');
            item.Append(",\"timeStorageClassUpdated\":\"").Append(Timestamp(classUpdated)).Append('"');
            if (random.Next(5) == 0)
            {
                // What gsutil/gcloud uploads and common pipelines attach.
                item.Append(",\"metadata\":{\"goog-reserved-file-mtime\":\"").Append(created.ToUnixTimeSeconds() - random.Next(3600)).Append('"');
                if (random.Next(2) == 0)
                {
                    item.Append(",\"source\":\"uploader-").Append(random.Next(1, 9)).Append('"');
                }

                if (random.Next(3) == 0)
                {
                    item.Append(",\"pipeline-run\":\"").Append(random.Next(1 << 24).ToString("x6", CultureInfo.InvariantCulture)).Append('"');
                }

                item.Append('}');
            }

            items.Add(name, item.Append('}').ToString());
        }

        // GCS lists in lexicographic order of names.
        builder.AppendJoin(',', items.Values);

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }

    private static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>GCS's object etag: base64 of the protobuf varints of generation (field 1) and metageneration (field 2).</summary>
    private static string Etag(long generation, int metageneration)
    {
        var bytes = new byte[24];
        var length = 0;
        bytes[length++] = 0x08;
        length = Varint(bytes, length, (ulong)generation);
        bytes[length++] = 0x10;
        length = Varint(bytes, length, (ulong)metageneration);
        return Convert.ToBase64String(bytes, 0, length);
    }

    private static int Varint(byte[] bytes, int at, ulong value)
    {
        while (value >= 0x80)
        {
            bytes[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[at++] = (byte)value;
        return at;
    }
}
