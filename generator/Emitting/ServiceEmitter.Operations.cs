using System.Collections.Generic;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary>
    /// <c>TrackOperation</c> and the private helpers every <c>Start…Async</c> sibling shares: <c>__Track</c> (a handle
    /// polling operations.get), <c>__Start</c> (awaits the method, wraps its Operation), the get/cancel calls tried by
    /// name pattern (for Compute-style operations, by the path of their selfLink), and <c>__Unpack</c> (a response read as
    /// the schema its <c>@type</c> names; none for Compute-style operations, which carry no response).
    /// </summary>
    private static void EmitOperations(SourceWriter writer, OperationsModel operations)
    {
        var op = Alias.Api + operations.OperationType;
        var handle = Runtime + "OperationHandle<" + op + ">";
        writer.WriteLine();
        writer.WriteLine("/// <summary>A handle on an operation known by name only, e.g. to resume waiting after a restart.</summary>");
        if (operations.ByLink)
        {
            writer.WriteLine("/// <param name=\"name\">The operation's <c>selfLink</c>, or the end of its path an operations.get takes (<c>projects/…/operations/…</c>); checked at once against those paths. Only the values in its path are used: polls go to this client's endpoint.</param>");
        }
        else
        {
            writer.WriteLine("/// <param name=\"name\">The operation's name; checked at once " + NameCheck(operations.Gets).Doc + ".</param>");
        }

        writer.WriteLine("/// <param name=\"options\">The per-call options every poll and the cancel go with (credentials, quota project, headers).</param>");
        writer.WriteLine("/// <exception cref=\"_sys::ArgumentException\">The name is empty or not an operation name of this API.</exception>");
        writer.OpenBlock("public virtual " + handle + " TrackOperation(string name, " + Runtime + "RequestOptions? options = null)");
        writer.WriteLine(operations.ByLink ? LinkCheck(operations.Gets) : NameCheck(operations.Gets).Statement);
        writer.WriteLine("return __Track(__clientOrNull, new " + op + " { " + operations.NameProperty + " = name }, options);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>A handle on an operation a method returned; its polls and cancel go with <paramref name=\"options\"/>.</summary>");
        writer.WriteLine("public virtual " + handle + " TrackOperation(" + op + " operation, " + Runtime + "RequestOptions? options = null) => __Track(__clientOrNull, operation, options);");
        writer.WriteLine();
        var cancel = operations.Cancels.Count > 0 ? "(__name, __options, __ct) => __CancelOperation(client, __name, __options, __ct)" : "null";
        writer.WriteLine("private static " + handle + " __Track(" + Runtime + "ApiClient? client, " + op + " operation, " + Runtime + "RequestOptions? options) =>");
        // A Compute-style operation carries no response or metadata to unpack.
        writer.WriteLine("\tnew(client, operation, (__name, __options, __ct) => __GetOperation(client, __name, __options, __ct), " + cancel + (operations.ByLink ? ", null" : ", __Unpack") + ", options);");
        writer.WriteLine();
        writer.WriteLine("private static async _tasks::Task<" + handle + "> __Start(" + Runtime + "ApiClient? client, _tasks::Task<" + op + "> call, " + Runtime + "RequestOptions? options) =>");
        writer.WriteLine("\t__Track(client, await call.ConfigureAwait(false), options);");
        EmitOperationCall(writer, "__GetOperation", "_tasks::Task<" + op + ">", operations.Gets);
        if (operations.Cancels.Count > 0)
        {
            EmitOperationCall(writer, "__CancelOperation", "_tasks::Task", operations.Cancels);
        }

        if (operations.ByLink)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>Reads an operation's response as the schema its <c>@type</c> names, or keeps the JSON.</summary>");
        if (operations.Unpack.Count == 0)
        {
            writer.WriteLine("private static object __Unpack(" + Alias.Json + "JsonElement response) => response;");
            return;
        }

        writer.OpenBlock("private static object __Unpack(" + Alias.Json + "JsonElement response)");
        writer.OpenBlock("foreach (var __key in " + Runtime + "JsonWire.SchemaKeysFor(" + Runtime + "JsonWire.TypeUrlOf(response)))");
        writer.OpenBlock("switch (__key)");
        foreach (var entry in operations.Unpack)
        {
            writer.WriteLine("case " + CSharpText.Literal(entry.SchemaId) + ": return " + Runtime + "JsonWire.ReadFrom<" + Alias.Api + entry.TypeName + ">(response);");
        }

        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return response;");
        writer.CloseBlock();
    }

    private static void EmitOperationCall(SourceWriter writer, string name, string returnType, EquatableArray<OperationMethodRef> candidates)
    {
        writer.WriteLine();
        writer.OpenBlock("private static " + returnType + " " + name + "(" + Runtime + "ApiClient? client, string operationName, " + Runtime + "RequestOptions? options, _sys::Threading.CancellationToken cancellationToken)");
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var last = i == candidates.Count - 1;
            var call = "return new " + Alias.Api + candidate.ResourceClass + "(client)." + candidate.MethodName + "(";
            if (candidate.LinkTemplate is { } template && candidate.NameParts.Count == 0)
            {
                // A Compute-style operation's one name: its selfLink's path from where the template starts.
                if (last)
                {
                    writer.WriteLine(call + Runtime + "OperationLink.Name(operationName, " + CSharpText.Literal(template) + "), " + OptionsArguments(candidate));
                    break;
                }

                var local = "__name" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                writer.OpenBlock("if (" + Runtime + "OperationLink.TryName(operationName, " + CSharpText.Literal(template) + ") is { } " + local + ")");
                writer.WriteLine(call + local + ", " + OptionsArguments(candidate));
                writer.CloseBlock();
                continue;
            }

            if (candidate.NameParts.Count > 0)
            {
                // The name in pieces: read them all (the last candidate throws for a name without them), then call with each.
                var parts = "__parts" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var read = candidate.LinkTemplate is { } link
                    ? Runtime + "OperationLink." + (last ? "Arguments" : "TryArguments") + "(operationName, " + CSharpText.Literal(link) + ", " + NameParts(candidate) + ")"
                    : Runtime + "OperationNameParts." + (last ? "Arguments" : "TryArguments") + "(operationName, " + NameParts(candidate) + ")";
                for (var p = 0; p < candidate.NameParts.Count; p++)
                {
                    call += parts + "[" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) + "], ";
                }

                call += OptionsArguments(candidate);
                if (last)
                {
                    writer.WriteLine("var " + parts + " = " + read + ";");
                    writer.WriteLine(call);
                    break;
                }

                writer.OpenBlock("if (" + read + " is { } " + parts + ")");
                writer.WriteLine(call);
                writer.CloseBlock();
                continue;
            }

            call += "operationName, " + OptionsArguments(candidate);
            if (candidate.Pattern is not null && !last)
            {
                writer.OpenBlock("if (" + candidate.Pattern.FieldName + ".IsMatch(operationName))");
                writer.WriteLine(call);
                writer.CloseBlock();
            }
            else
            {
                writer.WriteLine(call);
                break;
            }
        }

        writer.CloseBlock();
    }

    /// <summary>
    /// Whether <c>TrackOperation</c> checks a name against several gets that each take it in pieces (App Engine v1alpha's
    /// <c>apps/{appsId}/operations/{operationsId}</c> beside <c>projects/{projectsId}/locations/{locationsId}/operations/{operationsId}</c>).
    /// </summary>
    private static bool ChecksEachGet(EquatableArray<OperationMethodRef> gets)
    {
        if (gets.Count < 2)
        {
            return false;
        }

        foreach (var get in gets)
        {
            if (get.NameParts.Count == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The call's last arguments: an empty body when it takes one, then the options and the token, by position or by name past the method's optional parameters.</summary>
    private static string OptionsArguments(OperationMethodRef method) =>
        (method.Body is null ? string.Empty : "new " + TypeText.Name(method.Body) + "(), ")
        + (method.NamedOptions ? "options: options, cancellationToken: cancellationToken);" : "options, cancellationToken);");

    /// <summary>The path parameters a name is read into, as string literals (<c>"bucket", "operationId"</c>).</summary>
    private static string NameParts(OperationMethodRef method)
    {
        var literals = new List<string>();
        foreach (var part in method.NameParts)
        {
            literals.Add(CSharpText.Literal(part));
        }

        return string.Join(", ", literals);
    }

    /// <summary>The check of a Compute-style operation's selfLink given to <c>TrackOperation</c>: it must end with the path of an operations.get.</summary>
    private static string LinkCheck(EquatableArray<OperationMethodRef> gets)
    {
        var templates = new List<string>();
        foreach (var get in gets)
        {
            templates.Add(CSharpText.Literal(get.LinkTemplate ?? string.Empty));
        }

        return Runtime + "OperationLink.Check(name, " + string.Join(", ", templates) + ");";
    }

    /// <summary>
    /// The check of a name given to <c>TrackOperation</c>, and what its doc says it checks: it must match the name pattern
    /// of one of the document's <c>operations.get</c> methods (any, for APIs with several), or hold every piece the one
    /// <c>operations.get</c> takes (Cloud Storage, App Engine), or one's pieces where several take pieces (App Engine
    /// v1alpha, v1beta); otherwise (a get with neither), only that it is not empty.
    /// </summary>
    private static (string Statement, string Doc) NameCheck(EquatableArray<OperationMethodRef> gets)
    {
        const string Pieces = " (<see cref=\"" + Runtime + "OperationNameParts\"/>)";
        if (gets.Count == 1 && gets[0].NameParts.Count > 0)
        {
            // Throws, naming what is missing, unless the name holds every piece operations.get takes.
            return (Runtime + "OperationNameParts.Arguments(name, " + NameParts(gets[0]) + ");", "for the pieces operations.get takes" + Pieces);
        }

        if (ChecksEachGet(gets))
        {
            // As __GetOperation picks: the name must hold one get's pieces; the last get's check throws, naming what it lacks.
            var conditions = new List<string>();
            for (var i = 0; i < gets.Count - 1; i++)
            {
                conditions.Add(Runtime + "OperationNameParts.TryArguments(name, " + NameParts(gets[i]) + ") is null");
            }

            return (
                "if (" + string.Join(" && ", conditions) + ") " + Runtime + "OperationNameParts.Arguments(name, " + NameParts(gets[gets.Count - 1]) + ");",
                "for the pieces one of the document's operations.get methods takes" + Pieces);
        }

        var fields = new List<string>();
        foreach (var get in gets)
        {
            if (get.Pattern is null)
            {
                return (Runtime + "ParameterCheck.Required(name, \"name\");", "only for being there: an operations.get of this API has no name pattern");
            }

            if (!fields.Contains(get.Pattern.FieldName))
            {
                fields.Add(get.Pattern.FieldName);
            }
        }

        return (
            fields.Count == 1
                ? Runtime + "ParameterCheck.RequiredPattern(name, \"name\", " + fields[0] + ");"
                : Runtime + "ParameterCheck.RequiredAnyPattern(name, \"name\", " + string.Join(", ", fields) + ");",
            "against the document's pattern for operation names");
    }
}
