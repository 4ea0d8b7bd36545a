using System.IO;
using System.Linq;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- dump doc dir`: writes the generated client of a shared document (XML docs on) to a folder, one file per hint
/// name, to read it or to compile it later as a baseline (<c>-- large --baseline</c>). `-- dump all dir`: every shared
/// document into a folder of its own, with its diagnostics (id, place, message) in <c>diagnostics.txt</c> (`nodocs`: XML docs off): diff two
/// such folders to prove a generator change leaves every output byte as it was.
/// </summary>
internal static class DumpReport
{
    public static int Run(TextWriter output, string[] arguments)
    {
        if (arguments.Length != 2 && !(arguments.Length == 3 && arguments[0] == "all" && arguments[2] == "nodocs"))
        {
            output.WriteLine("usage: dump <document, e.g. storage.v1 | all> <folder> [nodocs, with all]");
            return 2;
        }

        if (arguments[0] == "all")
        {
            var files = Directory.GetFiles(DiscoveryGen.Tests.Shared.TestPaths.SharedDiscoveryFolder, "*.json");
            System.Array.Sort(files, System.StringComparer.Ordinal);
            foreach (var path in files)
            {
                var folder = Path.Combine(arguments[1], Path.GetFileNameWithoutExtension(path));
                Directory.CreateDirectory(folder);
                var result = GeneratedCode.Run(new MemoryText("/dump/" + Path.GetFileName(path), File.ReadAllText(path)), xmlDocs: arguments.Length == 2);
                foreach (var source in result.GeneratedSources)
                {
                    File.WriteAllText(Path.Combine(folder, source.HintName), source.SourceText.ToString());
                }

                File.WriteAllLines(Path.Combine(folder, "diagnostics.txt"), result.Diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            }

            output.WriteLine($"{files.Length} documents in {arguments[1]}");
            return 0;
        }

        var file = new MemoryText("/dump/" + arguments[0] + ".json", File.ReadAllText(Corpus.Discovery(arguments[0] + ".json")));
        Directory.CreateDirectory(arguments[1]);
        var sources = GeneratedCode.Generate(file, xmlDocs: true);
        foreach (var (hintName, source) in sources)
        {
            File.WriteAllText(Path.Combine(arguments[1], hintName), source);
        }

        output.WriteLine($"{sources.Length} files, {sources.Sum(s => (long)s.Source.Length):N0} chars in {arguments[1]}");
        return 0;
    }
}
