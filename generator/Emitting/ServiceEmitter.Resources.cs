using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Emitting;

internal static partial class ServiceEmitter
{
    private static void EmitResource(SourceWriter writer, ResourceModel resource, ClientModel client)
    {
        writer.WriteLine("/// <summary>The <c>" + CSharpText.Xml(resource.PropertyName) + "</c> resource.</summary>");
        DeprecationEmitter.Write(writer, resource.Deprecation);
        writer.OpenBlock("public partial class " + resource.ClassName + " : " + Runtime + "ApiResource");
        writer.WriteLine("protected " + resource.ClassName + "() : this(null) { }");
        writer.WriteLine();
        EmitConstructor(writer, "internal " + resource.ClassName, resource);
        EmitResourceBody(writer, resource, client, nestedClasses: true);
        writer.CloseBlock();
    }

    /// <summary>
    /// The constructor taking the client (null: a mock's, from the protected parameterless one): it hands the client to
    /// <c>ApiResource</c> and creates the sub-resources with it, so a mock's sub-resources are mocks-in-waiting too.
    /// </summary>
    private static void EmitConstructor(SourceWriter writer, string declaration, ResourceModel resource)
    {
        var header = declaration + "(" + Runtime + "ApiClient? client) : base(client)";
        if (resource.Resources.Count == 0)
        {
            writer.WriteLine(header + " { }");
            return;
        }

        writer.OpenBlock(header);
        foreach (var child in resource.Resources)
        {
            writer.WriteLine(child.PropertyName + " = new(client);");
        }

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
            writer.WriteLine("public virtual " + child.ClassName + " " + child.PropertyName + " { get; }");
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
