using System.Globalization;
using System.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>The JSON a storage.v1 server answers for objects.get and objects.list (1000 items), as in Google's documentation.</summary>
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

    public static readonly byte[] Get = Encoding.UTF8.GetBytes(Object(1));

    public static readonly byte[] List = BuildList(1000);

    private static byte[] BuildList(int count)
    {
        var builder = new StringBuilder("{\"kind\":\"storage#objects\",\"nextPageToken\":\"CgRuZXh0\",\"items\":[");
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(Object(i));
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }
}
