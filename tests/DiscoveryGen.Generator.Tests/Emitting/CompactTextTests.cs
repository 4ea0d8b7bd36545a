using System.Linq;
using System;
using System.Text;
using DiscoveryGen.Generator.Emitting;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Emitting;

/// <summary>
/// Generated files reach Roslyn as <see cref="CompactText"/> (Latin-1 bytes plus a side list of the characters above
/// U+00FF): every reader — indexer, CopyTo at any offset, ToString, lines, checksum — must see exactly the text the
/// writer wrote, as <c>SourceText.From(string, Encoding.UTF8)</c> would give it.
/// </summary>
public sealed class CompactTextTests
{
    // Characters of every kind the writer sees: ASCII, Latin-1 above ASCII (U+0080-U+00FF, e.g. 'é', NBSP), BMP
    // characters above U+00FF (typographic quotes, CJK), surrogate pairs (emoji), '\0' (the side list's marker byte).
    private static readonly string[] Pieces =
    {
        "a", "Z", " ", "\n", "\t", "{", "é", "\u00A0", "\u00FF", "\u0100", "\u201C", "\u2265", "中", "\uD83D\uDE00", "\0", "///",
    };

    [Fact]
    public void EveryReader_SeesTheWrittenText()
    {
        var random = new Random(20261130);
        var compact = 0;
        for (var round = 0; round < 400; round++)
        {
            // A third Latin-1 only, the rest with a few characters above U+00FF (below the share that keeps a string).
            var text = Prefix + RandomText(random, random.Next(0, 600), wideShare: round % 3 == 0 ? 0 : 4);
            var source = Written(text);
            var expected = SourceText.From(text, Encoding.UTF8);
            compact += source is CompactText ? 1 : 0;

            Assert.Equal(text, source.ToString());
            Assert.Equal(text.Length, source.Length);
            Assert.Same(Encoding.UTF8, source.Encoding);
            for (var i = 0; i < text.Length; i++)
            {
                Assert.Equal(text[i], source[i]);
            }

            // CopyTo from random starts into an offset destination (wide chars at either end of some ranges).
            for (var k = 0; k < 20; k++)
            {
                var start = random.Next(0, text.Length);
                var count = random.Next(0, text.Length - start + 1);
                var destination = new char[count + 3];
                source.CopyTo(start, destination, 2, count);
                Assert.Equal(text.Substring(start, count), new string(destination, 2, count));
                Assert.Equal(text.Substring(start, count), source.ToString(new TextSpan(start, count)));
            }

            Assert.Equal(expected.Lines.Count, source.Lines.Count);
            Assert.True(expected.GetChecksum().SequenceEqual(source.GetChecksum()), "checksum of round " + round);
            Assert.True(expected.ContentEquals(source));
        }

        Assert.True(compact > 350, compact + " of 400 texts were compact");
    }

    [Fact]
    public void MostlyAscii_IsCompact_ManyWideChars_StayAString()
    {
        var ascii = Prefix + new string('x', 1000) + "\u201C\u2265\uD83D\uDE00";
        Assert.IsType<CompactText>(Written(ascii));
        Assert.Equal(ascii, Written(ascii).ToString());

        var cjk = Prefix + new string('中', 300) + new string('x', 300);
        var source = Written(cjk);
        Assert.IsNotType<CompactText>(source);
        Assert.Equal(cjk, source.ToString());
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    public void RawLineTerminator_InTheBody_Fails(string terminator)
    {
        // Anywhere: in the first vector, in a later one, in the scalar tail.
        foreach (var at in new[] { 0, 37, 1000, 2047 })
        {
            var writer = new SourceWriter(headroom: 64);
            writer.StartLine();
            writer.Append(new string('a', at) + terminator + new string('b', 2047 - at));
            writer.Append('\n');
            var error = Assert.Throws<InvalidOperationException>(() => writer.ToSourceText("// header\n"));
            Assert.Contains("raw line terminator", error.Message, StringComparison.Ordinal);
        }
    }

    private const string Prefix = "// h\n";

    /// <summary>Text (starting with <see cref="Prefix"/>) through the emitter's path: a header put in front of a body.</summary>
    private static SourceText Written(string text)
    {
        var writer = new SourceWriter(capacity: 16, headroom: 8);
        writer.Append(text.Substring(Prefix.Length));
        return writer.ToSourceText(Prefix);
    }

    private static string RandomText(Random random, int pieces, int wideShare)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            // Mostly ASCII runs, as generated code is; sometimes any piece.
            builder.Append(random.Next(0, 100) < wideShare ? Pieces[random.Next(Pieces.Length)] : Pieces[random.Next(0, 7)]);
        }

        return builder.ToString();
    }
}
