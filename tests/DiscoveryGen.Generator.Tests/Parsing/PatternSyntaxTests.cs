using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiscoveryGen.Generator.Parsing;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Parsing;

/// <summary>
/// The pattern check's shortcut: a pattern <see cref="PatternSyntax.IsPlain"/> accepts without a Regex must be one .NET
/// parses, and the corpus's resource-path patterns must take the shortcut (that is what makes it worth having).
/// </summary>
public sealed class PatternSyntaxTests
{
    private static bool Parses(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("^projects/[^/]+/locations/[^/]+$", true)]
    [InlineData("^[a-z0-9-]+\\.example\\.com$", true)]
    [InlineData("^[A-Za-z][A-Za-z0-9_-]*$", true)]
    [InlineData("[a-z]([a-z0-9-]{0,61}[a-z0-9])?", false)]
    [InlineData("[z-a]", false)]
    [InlineData("\\_", false)]
    [InlineData("\\d+", false)]
    [InlineData("a**", false)]
    [InlineData("^*", false)]
    [InlineData("[]", false)]
    [InlineData("[-a]", false)]
    [InlineData("", true)]
    public void IsPlain_OnlyForPatternsItCanVouchFor(string pattern, bool plain)
    {
        Assert.Equal(plain, PatternSyntax.IsPlain(pattern));
        if (plain)
        {
            Assert.True(Parses(pattern));
        }
    }

    [Fact]
    public void IsPlain_NeverVouchesForAPatternDotNetRejects()
    {
        var pieces = new[]
        {
            "^", "$", "a", "Z", "0", "9", "/", "_", "-", ":", "@", "=", ",", "~", "%", ".", "*", "+", "?", "[", "]", "[^", "\\",
            "\\.", "\\_", "\\d", "\\1", "\\[", "a-z", "z-a", "0-9", "A-z", "(", ")", "{", "}", "{2}", "|", " ", "é",
        };
        var random = new Random(0x9A77);
        var text = new StringBuilder();
        var vouched = 0;
        for (var i = 0; i < 50_000; i++)
        {
            text.Clear();
            for (var n = random.Next(1, 9); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var pattern = text.ToString();
            if (PatternSyntax.IsPlain(pattern))
            {
                vouched++;
                Assert.True(Parses(pattern), pattern);
            }

            Assert.Equal(Parses(pattern), PatternSyntax.Error(pattern) is null);
        }

        Assert.True(vouched > 1000, "the shortcut vouched for only " + vouched + " patterns");
    }

    [Fact]
    [Trait("Needs", "SharedCorpus")]
    public void CorpusPatterns_AreMostlyPlain_AndPlainOnesParse()
    {
        var folder = TestPaths.RequireShared(TestPaths.SharedDiscoveryFolder);
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            Collect(document.RootElement, patterns);
        }

        Assert.NotEmpty(patterns);
        var plain = patterns.Where(PatternSyntax.IsPlain).ToList();
        Assert.All(plain, p => Assert.True(Parses(p), p));
        Assert.True(plain.Count * 10 >= patterns.Count * 9, $"{plain.Count} of {patterns.Count} distinct corpus patterns are plain");
    }

    private static void Collect(JsonElement element, HashSet<string> patterns)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("pattern") && property.Value.ValueKind == JsonValueKind.String)
                {
                    patterns.Add(property.Value.GetString()!);
                }

                Collect(property.Value, patterns);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, patterns);
            }
        }
    }
}
