using System;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DiscoveryGen.Runtime.Tests.Json;

/// <summary>JSON bytes as a reader sees them from a streamed response: whole, or split into segments of a given size.</summary>
internal static class SegmentedJson
{
    /// <summary>A reader over <paramref name="json"/>'s UTF-8 bytes, in segments of <paramref name="segmentSize"/> (0: one span).</summary>
    public static Utf8JsonReader Reader(string json, int segmentSize)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return segmentSize == 0 ? new Utf8JsonReader(bytes) : new Utf8JsonReader(Segments(bytes, segmentSize));
    }

    /// <summary><paramref name="bytes"/> split into a chain of segments of <paramref name="size"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var at = size; at < bytes.Length; at += size)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
