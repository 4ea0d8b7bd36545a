using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>`-- phases [doc...]`: where generation time goes (parse, build, emit), median of 15 runs after 5 warm-ups.</summary>
internal static class PhaseReport
{
    public static int Run(TextWriter output, string[] documents)
    {
        output.WriteLine("| Document | JSON bytes | Generated chars | Parse ms | Build ms | Emit ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in documents.Length > 0 ? documents : new[] { "oauth2.v2", "storage.v1", "aiplatform.v1" })
        {
            var path = Corpus.Discovery(name + ".json");
            var text = SourceText.From(File.ReadAllText(path), System.Text.Encoding.UTF8);
            double[] parse = new double[15], build = new double[15], emit = new double[15];
            var chars = 0;
            for (var i = -5; i < 15; i++)
            {
                var clock = Stopwatch.StartNew();
                var document = DiscoveryParser.Parse(path, null, text, CancellationToken.None).Document!;
                var t1 = clock.Elapsed.TotalMilliseconds;
                var @namespace = ClientBuilder.DefaultNamespace(document);
                var model = ClientBuilder.Build(document, document.Root, @namespace, null, "/bench.json", new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);
                var t2 = clock.Elapsed.TotalMilliseconds;
                chars = 0;
                foreach (var (_, source) in ClientEmitter.Emit(new DiscoveryGen.Generator.Model.EmitInput(model, @namespace + "." + model.ServiceClassName, DiscoveryGen.Generator.Model.EmitOptions.Default)))
                {
                    chars += source.Length;
                }

                var t3 = clock.Elapsed.TotalMilliseconds;
                if (i >= 0)
                {
                    (parse[i], build[i], emit[i]) = (t1, t2 - t1, t3 - t2);
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {new FileInfo(path).Length:N0} | {chars:N0} | {Median(parse):F1} | {Median(build):F1} | {Median(emit):F1} |"));
        }

        return 0;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }
}
