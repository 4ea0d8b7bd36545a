#if BENCHMARK_CORPUS
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- deser [--rounds N] [--reads K]`: the objects.list read of <see cref="DeserializationBenchmarks"/> (1,000 items,
/// both payloads) by the generated client, Google.Apis and the hand-written floor, interleaved: each round times K reads
/// of each reader back to back (the order turning every round), so a slow spell of a shared machine slows all three in
/// the same round and the per-round ratio stays. Reports the median per-read time (wall and thread CPU) and the median,
/// lowest and highest per-round ratio Google.Apis / generated.
/// </summary>
internal static class DeserializationReport
{
    public static int Run(TextWriter output, string[] arguments)
    {
        var rounds = 21;
        var reads = 40;
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] == "--rounds")
            {
                rounds = Math.Max(1, int.Parse(arguments[++i], CultureInfo.InvariantCulture));
            }
            else if (arguments[i] == "--reads")
            {
                reads = Math.Max(1, int.Parse(arguments[++i], CultureInfo.InvariantCulture));
            }
        }

        var names = new[] { "DiscoveryGen generated ReadJson", "Google.Apis (Newtonsoft.Json)", "Hand-written Utf8JsonReader" };
        output.WriteLine($"objects.list, 1000 items: {rounds} rounds of {reads} reads per reader, interleaved; medians per read.");
        output.WriteLine();
        output.WriteLine("| Payload | Reader | Wall µs | Thread CPU µs | Google.Apis / generated (wall, median of rounds) | lowest–highest round |");
        output.WriteLine("|---|---|---:|---:|---:|---|");
        foreach (var payload in new[] { "realistic", "uniform" })
        {
            // The benchmark's own readers, on its payload.
            var benchmark = new DeserializationBenchmarks { Payload = payload };
            benchmark.Setup();
            var readers = new Func<int>[] { benchmark.Generated, benchmark.Google, benchmark.HandWritten };
            foreach (var read in readers)
            {
                // Warm-up: tiered compilation settles, the GC sizes its budgets.
                for (var i = 0; i < 200; i++)
                {
                    read();
                }
            }

            var wall = readers.Select(_ => new List<double>()).ToArray();
            var cpu = readers.Select(_ => new List<double>()).ToArray();
            var ratios = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < readers.Length; k++)
                {
                    var r = (k + round) % readers.Length;
                    var cpuStart = PhaseReport.ThreadCpuMilliseconds();
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < reads; i++)
                    {
                        readers[r]();
                    }

                    wall[r].Add(clock.Elapsed.TotalMilliseconds * 1000 / reads);
                    cpu[r].Add((PhaseReport.ThreadCpuMilliseconds() - cpuStart) * 1000 / reads);
                }

                ratios.Add(wall[1][^1] / wall[0][^1]);
            }

            for (var r = 0; r < readers.Length; r++)
            {
                var ratio = r == 0 ? $"**{Median(ratios):F2}×**" : "";
                var range = r == 0 ? $"{ratios.Min():F2}–{ratios.Max():F2}×" : "";
                output.WriteLine($"| {payload} | {names[r]} | {Median(wall[r]):F1} | {Median(cpu[r]):F1} | {ratio} | {range} |");
            }
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(static v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
#endif
