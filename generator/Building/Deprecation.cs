using System;
using System.Collections.Generic;
using System.Text;

namespace DiscoveryGen.Generator.Building;

/// <summary>
/// The message of the <c>[Obsolete]</c> a deprecated element gets. Discovery's <c>deprecated</c> (and
/// <c>enumDeprecated</c>) is a boolean, so the message is the description's sentence that says the element is
/// deprecated ("Deprecated: use `driveId` instead."), else <see cref="DefaultMessage"/>. The text is still untrusted: it
/// reaches generated code only through <c>CSharpText.Literal</c>.
/// </summary>
internal static class Deprecation
{
    /// <summary>The diagnostic ID of every generated <c>[Obsolete]</c>: <c>&lt;NoWarn&gt;$(NoWarn);DGAPI001&lt;/NoWarn&gt;</c> silences API deprecations only.</summary>
    public const string DiagnosticId = "DGAPI001";

    public const string DefaultMessage = "Deprecated in the API.";

    /// <summary>Longer messages are cut (a compiler warning is one line, not the documentation).</summary>
    public const int MaxLength = 240;

    /// <summary>The message when <paramref name="deprecated"/>, else null.</summary>
    public static string? Message(bool deprecated, string? description) => deprecated ? From(description) : null;

    /// <summary>
    /// The first sentence of <paramref name="description"/> (whitespace and line breaks collapsed to single spaces) that
    /// clearly says deprecated; a one-word one ("Deprecated.") takes the next sentence along when that names the
    /// replacement ("Use X instead."). <see cref="DefaultMessage"/> when no sentence does.
    /// </summary>
    public static string From(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return DefaultMessage;
        }

        var sentences = Sentences(Collapse(description!));
        for (var i = 0; i < sentences.Count; i++)
        {
            if (!SaysDeprecated(sentences[i]))
            {
                continue;
            }

            var message = sentences[i];
            if (message.IndexOf(' ') < 0 && i + 1 < sentences.Count && NamesReplacement(sentences[i + 1]))
            {
                message += " " + sentences[i + 1];
            }

            return Cut(message);
        }

        return DefaultMessage;
    }

    /// <summary>Runs of whitespace (every line terminator included) become one space; the ends are trimmed.</summary>
    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Sentences end at '.', '!' or '?' before a space or the end.</summary>
    private static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                sentences.Add(text.Substring(start, i + 1 - start));
                start = i + 2;
            }
        }

        if (start < text.Length)
        {
            sentences.Add(text.Substring(start));
        }

        return sentences;
    }

    /// <summary>
    /// "deprecat…" as a word of its own ("Deprecated:", "[DEPRECATED]", "is deprecated"), not inside another word
    /// ("non-deprecated", "unused/deprecated") and not naming something else ("the deprecated 'X' mode").
    /// </summary>
    private static bool SaysDeprecated(string sentence)
    {
        var from = 0;
        while (true)
        {
            var at = sentence.IndexOf("deprecat", from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            from = at + 1;
            var before = at == 0 ? ' ' : sentence[at - 1];
            if (char.IsLetterOrDigit(before) || before is '-' or '/' or '_')
            {
                continue;
            }

            var wordEnd = at;
            while (wordEnd > 0 && !char.IsLetter(sentence[wordEnd - 1]))
            {
                wordEnd--;
            }

            var wordStart = wordEnd;
            while (wordStart > 0 && char.IsLetter(sentence[wordStart - 1]))
            {
                wordStart--;
            }

            var previous = sentence.Substring(wordStart, wordEnd - wordStart);
            if (!previous.Equals("the", StringComparison.OrdinalIgnoreCase) && !previous.Equals("a", StringComparison.OrdinalIgnoreCase)
                && !previous.Equals("an", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
    }

    private static bool NamesReplacement(string sentence) =>
        sentence.StartsWith("Use ", StringComparison.OrdinalIgnoreCase)
        || sentence.StartsWith("Please use ", StringComparison.OrdinalIgnoreCase)
        || sentence.IndexOf("instead", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>At most <see cref="MaxLength"/> characters, ending in '…' when cut; never half a surrogate pair.</summary>
    private static string Cut(string message)
    {
        if (message.Length <= MaxLength)
        {
            return message;
        }

        var length = MaxLength - 1;
        if (char.IsHighSurrogate(message[length - 1]))
        {
            length--;
        }

        return message.Substring(0, length) + "\u2026";
    }
}
