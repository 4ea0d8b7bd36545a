using System.IO;
using System.Text;
using System.Threading;
using DiscoveryGen.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Parsing;

/// <summary>
/// The parser reads a file's chars from a pooled buffer (<see cref="TextBuffer"/>), not from <c>ToString()</c>: a file
/// read as the compiler reads it (a stream, chunked above 40K chars) must parse to the same document and the same
/// diagnostics, at the same places, as its string, also when the buffer was used before for a longer file.
/// </summary>
public sealed class TextBufferTests
{
    private const string Path = "/p/big.v1.json";

    [Fact]
    public void ALargeFileReadAsTheCompilerReadsIt_ParsesAsItsString()
    {
        var json = Document(schemaCount: 400, tail: string.Empty);
        AssertSameParse(json, expectDocument: true);
    }

    [Fact]
    public void ALargeFileWithATypeError_ReportsItAtTheSamePlace()
    {
        // "readOnly" must be a boolean; an object is reported (DG0004) where it stands, near the end of the file.
        var json = Document(schemaCount: 400, tail: ",\n  \"parameters\": { \"p\": { \"type\": \"string\", \"readOnly\": {} } }");
        var result = AssertSameParse(json, expectDocument: true);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DG0004", diagnostic.Descriptor.Id);
        Assert.True(diagnostic.Location!.Span.Start > 40 * 1024);
    }

    [Fact]
    public void ALargeMalformedFile_ReportsTheErrorAtTheSamePlace_AfterTheBufferHeldALongerFile()
    {
        // First a longer file, so a reused buffer holds its chars past the shorter file's end.
        AssertSameParse(Document(schemaCount: 800, tail: string.Empty), expectDocument: true);

        var complete = Document(schemaCount: 400, tail: string.Empty);
        var truncated = complete.Substring(0, complete.Length - 40);
        var result = AssertSameParse(truncated, expectDocument: false);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("DG0001", diagnostic.Descriptor.Id);
        Assert.True(diagnostic.Location!.Span.Start > 40 * 1024);
    }

    [Fact]
    public void ALargeFileThatIsNotADiscoveryDocument_IsIgnored()
    {
        var json = Document(schemaCount: 400, tail: string.Empty).Replace("discovery#restDescription", "something#else");
        var result = AssertSameParse(json, expectDocument: false);
        Assert.Empty(result.Diagnostics);
    }

    private static ParseResult AssertSameParse(string json, bool expectDocument)
    {
        Assert.True(json.Length > 40 * 1024);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json), writable: false);
        var compilerText = SourceText.From(stream, Encoding.UTF8);
        Assert.Equal("LargeText", compilerText.GetType().Name); // the chunked text, whose ToString copied the file

        var fromString = DiscoveryParser.Parse(Path, null, SourceText.From(json, Encoding.UTF8), CancellationToken.None);
        var fromStream = DiscoveryParser.Parse(Path, null, compilerText, CancellationToken.None);
        Assert.Equal(fromString, fromStream);
        Assert.Equal(expectDocument, fromStream.Document is not null);
        return fromStream;
    }

    // A document of many schemas with long, escaped and non-ASCII descriptions (lines break on "\n" and "\r\n").
    private static string Document(int schemaCount, string tail)
    {
        var builder = new StringBuilder();
        builder.Append("{\n  \"kind\": \"discovery#restDescription\",\n  \"name\": \"big\",\n  \"version\": \"v1\",\r\n");
        builder.Append("  \"rootUrl\": \"https://big.example.com/\",\n  \"servicePath\": \"\",\n  \"schemas\": {\n");
        for (var i = 0; i < schemaCount; i++)
        {
            builder.Append("    \"Schema").Append(i).Append("\": {\n      \"id\": \"Schema").Append(i).Append("\",\n      \"type\": \"object\",\n");
            builder.Append("      \"description\": \"Schema ").Append(i).Append(" — “quoted” \\\"escaped\\\" and \\u00e9 text, long enough to matter.\",\n");
            builder.Append("      \"properties\": { \"name\": { \"type\": \"string\", \"description\": \"The name of schema ").Append(i).Append(".\" } }\r\n    }");
            builder.Append(i + 1 < schemaCount ? ",\n" : "\n");
        }

        builder.Append("  },\n  \"resources\": {}").Append(tail).Append("\n}\n");
        return builder.ToString();
    }
}
