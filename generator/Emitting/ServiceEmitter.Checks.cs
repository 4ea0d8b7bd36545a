using DiscoveryGen.Generator.Building;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary>
    /// Argument checks, one call each; they run first, synchronously: a bad argument throws before any request exists.
    /// A required path string without a pattern has none here: its <c>PathEncoding</c> call in the path checks it.
    /// A required string with a pattern is one <c>RequiredPattern</c> call against the service's shared pattern field.
    /// </summary>
    private static void EmitChecks(SourceWriter writer, MethodModel method, bool bodyOptional)
    {
        foreach (var argument in method.Arguments)
        {
            var nameText = CSharpText.Literal(Naming.Unescaped(argument.Name));
            var pattern = argument.Pattern is not null && argument.Type.Kind == TypeKind.String ? argument.Pattern.FieldName : null;
            var isString = argument.Type.Kind == TypeKind.String && !argument.Repeated;
            if (argument.Required && isString)
            {
                if (pattern is not null)
                {
                    writer.WriteLine(Runtime + "ParameterCheck.RequiredPattern(" + argument.Name + ", " + nameText + ", " + pattern + ");");
                }
                else if (!InPath(method, argument))
                {
                    writer.WriteLine(Runtime + "ParameterCheck.Required(" + argument.Name + ", " + nameText + ");");
                }

                pattern = null;
            }
            else if (argument.Required && (argument.Repeated || !TypeText.IsValueType(argument.Type)))
            {
                writer.WriteLine(Runtime + "ParameterCheck.RequiredObject(" + argument.Name + ", " + nameText + ");");
            }

            if (pattern is not null)
            {
                writer.WriteLine(Runtime + "ParameterCheck." + (argument.Repeated ? "Patterns(" : "Pattern(") + argument.Name + ", " + nameText + ", " + pattern + ");");
            }

            if (argument.Range is { } range)
            {
                writer.WriteLine(Runtime + "ParameterCheck.Range((" + range.Cast + ")" + argument.Name + ", " + nameText + ", " + (range.Minimum ?? "null") + ", " + (range.Maximum ?? "null") + ");");
            }
        }

        if (method.BodyKind != BodyKind.Typed)
        {
            return;
        }

        var bodyText = CSharpText.Literal(Naming.Unescaped(method.BodyName));
        if (!bodyOptional && !TypeText.IsValueType(method.BodyType!))
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

    private static bool InPath(MethodModel method, ArgumentModel argument)
    {
        foreach (var part in method.PathParts)
        {
            if (part.Argument?.Name == argument.Name)
            {
                return true;
            }
        }

        return false;
    }
}
