using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    private static void EmitResource(SourceWriter writer, ResourceModel resource, ClientModel client)
    {
        writer.WriteLine("/// <summary>The <c>" + CSharpText.Xml(resource.PropertyName) + "</c> resource.</summary>");
        DeprecationEmitter.Write(writer, resource.Deprecation);
        writer.OpenBlock("public sealed partial class " + resource.ClassName);
        writer.WriteLine("private readonly " + Runtime + "ApiClient __client;");
        writer.WriteLine();
        writer.OpenBlock("internal " + resource.ClassName + "(" + Runtime + "ApiClient client)");
        writer.WriteLine("__client = client;");
        foreach (var child in resource.Resources)
        {
            writer.WriteLine(child.PropertyName + " = new " + child.ClassName + "(client);");
        }

        writer.CloseBlock();
        EmitResourceBody(writer, resource, client, nestedClasses: true);
        writer.CloseBlock();
    }

    /// <summary>
    /// A resource's sub-resource properties, methods (each with its siblings), nested types and, unless they go to files
    /// of their own (the service's top-level resources), the sub-resource classes.
    /// </summary>
    private static void EmitResourceBody(SourceWriter writer, ResourceModel resource, ClientModel client, bool nestedClasses)
    {
        foreach (var child in resource.Resources)
        {
            writer.WriteLine();
            writer.WriteLine("/// <summary>The <c>" + CSharpText.Xml(child.PropertyName) + "</c> resource.</summary>");
            DeprecationEmitter.Write(writer, child.Deprecation);
            writer.WriteLine("public " + child.ClassName + " " + child.PropertyName + " { get; }");
        }

        foreach (var method in resource.Methods)
        {
            writer.WriteLine();
            EmitMethod(writer, method, client);
            if (method.StartOperationName is not null && client.Operations is not null)
            {
                writer.WriteLine();
                EmitStartOperation(writer, method, client.Operations);
            }

            if (method.Paging is not null)
            {
                writer.WriteLine();
                EmitPaging(writer, method);
            }

            if (method.Upload?.Sibling is not null)
            {
                writer.WriteLine();
                EmitMediaUpload(writer, method, client);
            }

            if (method.Download is not null)
            {
                writer.WriteLine();
                EmitMediaDownload(writer, method, client);
            }
        }

        foreach (var type in resource.NestedTypes)
        {
            writer.WriteLine();
            ModelEmitter.EmitType(writer, type, "public");
        }

        if (nestedClasses)
        {
            foreach (var child in resource.Resources)
            {
                writer.WriteLine();
                EmitResource(writer, child, client);
            }
        }
    }
}
