using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace DiscoveryGen.Packaging.Tests;

/// <summary>Reads a .nupkg/.snupkg: its entries, an entry's bytes or text, and the nuspec's metadata.</summary>
public static class Nupkg
{
    /// <summary>Every entry, ordinal order.</summary>
    public static string[] Entries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The entries that are the package's own files: not the nuspec, not NuGet's OPC parts.</summary>
    public static string[] Payload(string path, string id) => Entries(path)
        .Where(e => !e.StartsWith("_rels/", StringComparison.Ordinal) && !e.StartsWith("package/", StringComparison.Ordinal)
            && e != "[Content_Types].xml" && e != id + ".nuspec")
        .ToArray();

    public static byte[] Read(string path, string entry)
    {
        using var zip = ZipFile.OpenRead(path);
        using var stream = (zip.GetEntry(entry) ?? throw new InvalidOperationException($"{Path.GetFileName(path)} has no {entry}")).Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string ReadText(string path, string entry) => System.Text.Encoding.UTF8.GetString(Read(path, entry)).TrimStart('\uFEFF');

    /// <summary>The nuspec's &lt;metadata&gt; element, with its namespace.</summary>
    public static (XElement Metadata, XNamespace Ns) Metadata(string path, string id)
    {
        var nuspec = XDocument.Parse(ReadText(path, id + ".nuspec"));
        var ns = nuspec.Root!.Name.Namespace;
        return (nuspec.Root.Element(ns + "metadata")!, ns);
    }
}
