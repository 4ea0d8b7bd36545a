using DiscoveryGen.Generator.Building;

namespace DiscoveryGen.Generator.Emitting;

/// <summary>
/// What a deprecated element carries: <c>[Obsolete("message", DiagnosticId = "DGAPI001")]</c>, so a project silences API
/// deprecations alone with <c>NoWarn</c>; with the Deprecated=omit knob, a <c>&lt;remarks&gt;</c> with the message instead.
/// Written after the element's docs and before its other attributes.
/// </summary>
internal static class DeprecationEmitter
{
    public static void Write(SourceWriter writer, string? deprecation)
    {
        if (deprecation is null)
        {
            return;
        }

        if (writer.ObsoleteAttributes)
        {
            writer.WriteLine("[_sys::Obsolete(" + CSharpText.Literal(deprecation) + ", DiagnosticId = " + CSharpText.Literal(Deprecation.DiagnosticId) + ")]");
            return;
        }

        CSharpText.DocLines(writer, "remarks", deprecation);
    }
}
