using System.IO;
using System.Linq;

namespace DiscoveryGen.Benchmarks;

/// <summary>
/// `-- dump doc dir`: writes the generated client of a shared document (XML docs on) to a folder, one file per hint
/// name, to read it or to compile it later as a baseline (<c>-- large --baseline</c>).
/// </summary>
internal static class DumpReport
{
    public static int Run(TextWriter output, string[] arguments)
    {
        if (arguments.Length != 2)
        {
            output.WriteLine("usage: dump <document, e.g. storage.v1> <folder>");
            return 2;
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
