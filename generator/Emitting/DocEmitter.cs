using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// XML documentation: summaries, and a method's summary and parameters. Text from the document goes through
/// <see cref="CSharpText.DocLines"/>; what every method shares (argument checks, the error type) is said once, on the
/// service class.
/// </summary>
internal static class DocEmitter
{
    /// <summary>A <c>&lt;summary&gt;</c>; nothing when <paramref name="text"/> is empty.</summary>
    public static void Summary(SourceWriter writer, string? text)
    {
        CSharpText.DocLines(writer, "summary", text);
    }

    /// <summary>The docs of a generated method or of its media sibling.</summary>
    public static void Method(SourceWriter writer, MethodModel method, MediaKind media)
    {
        var summary = method.Description ?? method.Id;
        if (media == MediaKind.Upload)
        {
            var upload = method.Upload!;
            var sibling = upload.Sibling!;
            var limits = "accepts " + (upload.Accept.Count > 0 ? string.Join(", ", upload.Accept) : "any media type")
                + (upload.MaxSize is { } max ? ", at most " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes" : string.Empty);
            var kinds = sibling.Protocols;
            var protocols = kinds.Count == 1 ? kinds[0] : string.Join(", ", System.Linq.Enumerable.Take(kinds, kinds.Count - 1)) + " or " + kinds[kinds.Count - 1];
            summary = summary.TrimEnd() + "\nWith media (" + limits + "), sent by a " + protocols + " upload" + (kinds.Count > 1 ? " as the upload options choose." : ".");
        }
        else if (media == MediaKind.Download)
        {
            summary = summary.TrimEnd() + "\nDownloads the media (alt=media) into the destination as it arrives, never buffering it whole.";
        }

        Summary(writer, summary);
        if (media != MediaKind.None)
        {
            // A media sibling takes the method's arguments: their docs come from the method; its own are added.
            writer.WriteLine("/// <inheritdoc cref=\"" + method.Name + "\"/>");
        }

        foreach (var argument in method.Arguments)
        {
            if (argument.Required && media == MediaKind.None)
            {
                Parameter(writer, argument);
            }
        }

        if (method.BodyKind == BodyKind.Typed && media != MediaKind.Download)
        {
            var body = Naming.Unescaped(method.BodyName);
            writer.WriteLine(media == MediaKind.Upload
                ? "/// <param name=\"" + body + "\">The metadata (the request body)" + (method.Upload!.Sibling!.MetadataOptional ? "; null sends none" : string.Empty) + ".</param>"
                : "/// <param name=\"" + body + "\">The request body.</param>");
        }

        if (media == MediaKind.Upload)
        {
            var sibling = method.Upload!.Sibling!;
            writer.WriteLine("/// <param name=\"" + Naming.Unescaped(sibling.MediaParameter) + "\">The content, read from its current position to its end; not disposed.</param>");
            writer.WriteLine("/// <param name=\"" + Naming.Unescaped(sibling.ContentTypeParameter) + "\">The content's media type, e.g. <c>image/png</c>; checked against the accepted types before sending.</param>");
        }
        else if (media == MediaKind.Download)
        {
            writer.WriteLine("/// <param name=\"" + Naming.Unescaped(method.Download!.DestinationParameter) + "\">Where the media is written, from its current position; not disposed.</param>");
        }

        foreach (var argument in method.Arguments)
        {
            if (!argument.Required && media == MediaKind.None)
            {
                Parameter(writer, argument);
            }
        }

        if (media == MediaKind.Upload)
        {
            writer.WriteLine("/// <param name=\"" + Naming.Unescaped(method.Upload!.Sibling!.UploadParameter) + "\">Protocol, chunk size, progress and resumption; null for the defaults.</param>");
        }
        else if (media == MediaKind.Download)
        {
            writer.WriteLine("/// <param name=\"" + Naming.Unescaped(method.Download!.DownloadParameter) + "\">Byte range and progress; null for the whole content.</param>");
        }

        if (media == MediaKind.Upload)
        {
            writer.WriteLine("/// <exception cref=\"_sys::ArgumentException\">The media's type or size is not accepted; nothing was sent.</exception>");
        }

        if (media == MediaKind.None)
        {
            // What every method says the same way, on one line.
            writer.WriteLine("/// <param name=\"options\">Call options.</param><param name=\"cancellationToken\">Cancels the call.</param><exception cref=\"_dg::ApiException\">Error status.</exception>");
        }
    }

    private static void Parameter(SourceWriter writer, ArgumentModel argument)
    {
        // A pattern with a typed name links to that type, whose template shows the shape with named components.
        var typedName = argument.ResourceName is null ? null : "Must match <see cref=\"" + Alias.Api + argument.ResourceName + "\"/>.";
        CSharpText.DocLines(
            writer,
            "param",
            argument.Description ?? argument.WireName,
            "name=\"" + Naming.Unescaped(argument.Name) + "\"",
            typedName,
            line1: argument.Pattern is not null && argument.ResourceName is null ? "Must match " + argument.Pattern.Pattern + "." : null,
            line2: argument.Minimum is not null || argument.Maximum is not null ? "Range: " + (argument.Minimum ?? "any") + " to " + (argument.Maximum ?? "any") + "." : null,
            line3: argument.Default is not null ? "Server default: " + argument.Default + "." : null,
            line4: argument.Deprecated ? "Deprecated by the API." : null);
    }
}

/// <summary>Which method a signature, docs or request are for: the plain one, or its media upload or download sibling.</summary>
internal enum MediaKind
{
    None,
    Upload,
    Download,
}
