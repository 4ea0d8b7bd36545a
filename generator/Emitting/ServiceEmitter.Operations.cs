using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    /// <summary>
    /// <c>TrackOperation</c> and the private helpers every <c>Start…Async</c> sibling shares: <c>__Track</c> (a handle
    /// polling operations.get), <c>__Start</c> (awaits the method, wraps its Operation), the get/cancel calls tried by
    /// name pattern, and <c>__Unpack</c> (a response read as the schema its <c>@type</c> names).
    /// </summary>
    private static void EmitOperations(SourceWriter writer, OperationsModel operations)
    {
        var op = Alias.Api + operations.OperationType;
        var handle = Runtime + "OperationHandle<" + op + ">";
        writer.WriteLine();
        writer.WriteLine("/// <summary>A handle on an operation known by name only, e.g. to resume waiting after a restart.</summary>");
        writer.OpenBlock("public virtual " + handle + " TrackOperation(string name)");
        writer.WriteLine(Runtime + "ParameterCheck.Required(name, \"name\");");
        writer.WriteLine("return __Track(Client, new " + op + " { " + operations.NameProperty + " = name });");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>A handle on an operation a method returned.</summary>");
        writer.WriteLine("public virtual " + handle + " TrackOperation(" + op + " operation) => __Track(Client, operation);");
        writer.WriteLine();
        var cancel = operations.Cancels.Count > 0 ? "(__name, __ct) => __CancelOperation(client, __name, __ct)" : "null";
        writer.WriteLine("private static " + handle + " __Track(" + Runtime + "ApiClient client, " + op + " operation) =>");
        writer.WriteLine("\tnew(operation, (__name, __ct) => __GetOperation(client, __name, __ct), " + cancel + ", __Unpack);");
        writer.WriteLine();
        writer.WriteLine("private static async _tasks::Task<" + handle + "> __Start(" + Runtime + "ApiClient client, _tasks::Task<" + op + "> call) =>");
        writer.WriteLine("\t__Track(client, await call.ConfigureAwait(false));");
        EmitOperationCall(writer, "__GetOperation", "_tasks::Task<" + op + ">", operations.Gets);
        if (operations.Cancels.Count > 0)
        {
            EmitOperationCall(writer, "__CancelOperation", "_tasks::Task", operations.Cancels);
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>Reads an operation's response as the schema its <c>@type</c> names, or keeps the JSON.</summary>");
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
        writer.OpenBlock("private static " + returnType + " " + name + "(" + Runtime + "ApiClient client, string operationName, _sys::Threading.CancellationToken cancellationToken)");
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var call = "return new " + Alias.Api + candidate.ResourceClass + "(client)." + candidate.MethodName + "(operationName, null, cancellationToken);";
            if (candidate.Pattern is not null && i < candidates.Count - 1)
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
}
