using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary>
    /// Argument checks, one call each; they run first, synchronously: a bad argument throws before any request exists.
    /// A required string with a pattern is one <c>RequiredPattern</c> call against the service's shared pattern field.
    /// A required string path variable is checked as the path is built (<see cref="IsCheckedInPath"/>): by its pattern
    /// field, or without one by <c>PathEncoding</c> (null or empty throws), still before any request exists.
    /// </summary>
    private static void EmitChecks(SourceWriter writer, MethodModel method, bool bodyOptional)
    {
        // Made only for the arguments that have a check (most have none).
        static string NameText(ArgumentModel argument) => CSharpText.Literal(Naming.Unescaped(argument.Name));

        foreach (var argument in method.Arguments)
        {
            var pattern = argument.Pattern is not null && argument.Type.Kind == TypeKind.String ? argument.Pattern.FieldName : null;
            var isString = argument.Type.Kind == TypeKind.String && !argument.Repeated;
            if (argument.Required && isString && IsCheckedInPath(method, argument))
            {
                pattern = null;
            }
            else if (argument.Required && isString)
            {
                writer.WriteLine(pattern is null
                    ? Runtime + "ParameterCheck.Required(" + argument.Name + ", " + NameText(argument) + ");"
                    : Runtime + "ParameterCheck.RequiredPattern(" + argument.Name + ", " + NameText(argument) + ", " + pattern + ");");
                pattern = null;
            }
            else if (argument.Required && (argument.Repeated || !TypeText.IsValueType(argument.Type)))
            {
                writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + argument.Name + ", " + NameText(argument) + ");");
            }

            if (pattern is not null)
            {
                writer.WriteLine(Runtime + "ParameterCheck." + (argument.Repeated ? "Patterns(" : "Pattern(") + argument.Name + ", " + NameText(argument) + ", " + pattern + ");");
            }

            if (argument.Range is { } range)
            {
                writer.WriteLine(Runtime + "ParameterCheck.Range((" + range.Cast + ")" + argument.Name + ", " + NameText(argument) + ", " + (range.Minimum ?? "null") + ", " + (range.Maximum ?? "null") + ");");
            }
        }

        if (method.BodyKind != BodyKind.Typed)
        {
            return;
        }

        var bodyText = CSharpText.Literal(Naming.Unescaped(method.BodyName));
        if (!bodyOptional && !TypeText.IsValueType(method.BodyType!) && !NullCheckedBySetJsonBody(method))
        {
            writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + method.BodyName + ", " + bodyText + ");");
        }

        if (method.RequiredBodyProperties.Count == 0)
        {
            return;
        }

        if (bodyOptional)
        {
            writer.OpenBlock("if (" + method.BodyName + " is not null)");
        }

        foreach (var required in method.RequiredBodyProperties)
        {
            writer.WriteLine(Runtime + "ParameterCheck.RequiredProperty(" + method.BodyName + "." + required.PropertyName + ", " + bodyText + ", " + CSharpText.Literal(required.JsonName) + ");");
        }

        if (bodyOptional)
        {
            writer.CloseBlock();
        }
    }

    /// <summary>
    /// A body argument named <c>body</c> that no check reads before the request is built: <c>SetJsonBody</c> throws for
    /// it as <c>ParameterCheck.RequiredObject</c> would (same exception, name and message), still before anything is sent.
    /// </summary>
    private static bool NullCheckedBySetJsonBody(MethodModel method) =>
        method.BodyName == "body" && method.RequiredBodyProperties.Count == 0;

    /// <summary>
    /// A required string path variable is checked where the method's path expands it: with a pattern by its field
    /// (<c>__pattern0.Reserved(name, "name")</c>), without one by <c>PathEncoding.Simple</c>/<c>Reserved</c>. One call
    /// instead of two, the biggest per-method saving in APIs whose methods take resource names.
    /// </summary>
    private static bool IsCheckedInPath(MethodModel method, ArgumentModel argument)
    {
        foreach (var part in method.PathParts)
        {
            if (part.Argument is { } variable && variable.Name == argument.Name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The pattern field that checks a path part as it is expanded (<see cref="IsCheckedInPath"/>), if any.</summary>
    private static string? PathPattern(ArgumentModel argument) =>
        argument.Required && argument.Pattern is not null && argument.Type.Kind == TypeKind.String && !argument.Repeated ? argument.Pattern.FieldName : null;
}
