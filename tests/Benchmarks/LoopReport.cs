using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Emitting;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// One generator phase over one document, again and again for a while: something for a profiler to sample
/// (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>), with the phase's mean time printed at the end.
/// </summary>
internal static class LoopReport
{
    public static int Run(TextWriter output, string[] args)
    {
        if (args.Length < 2 || args[1] is not ("parse" or "build" or "emit"))
        {
            output.WriteLine("usage: loop <document> parse|build|emit [seconds]");
            return 2;
        }

        var path = Corpus.Discovery(args[0] + ".json");
        var seconds = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var text = CompilerText.From(File.ReadAllText(path));
        var parsed = DiscoveryParser.Parse(path, null, text, CancellationToken.None).Document!;
        var @namespace = ClientBuilder.DefaultNamespace(parsed);
        var model = ClientBuilder.Build(parsed, parsed.Root, @namespace, null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None);
        var input = new DiscoveryGen.Generator.Model.EmitInput(model, @namespace + "." + model.ServiceClassName, DiscoveryGen.Generator.Model.EmitOptions.Default);

        var runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            switch (args[1])
            {
                case "parse":
                    GC.KeepAlive(DiscoveryParser.Parse(path, null, text, CancellationToken.None).Document);
                    break;
                case "build":
                    GC.KeepAlive(ClientBuilder.Build(parsed, parsed.Root, @namespace, null, "/bench.json", null, new System.Collections.Generic.List<DiscoveryGen.Generator.Model.DiagnosticInfo>(), CancellationToken.None));
                    break;
                default:
                    foreach (var (_, source) in ClientEmitter.Emit(input))
                    {
                        GC.KeepAlive(source);
                    }

                    break;
            }

            runs++;
        }

        output.WriteLine($"{args[1]} of {args[0]}: {runs} runs, {clock.Elapsed.TotalMilliseconds / runs:F2} ms each (wall)");
        return 0;
    }
}
