using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Model;

namespace DiscoveryGen.Generator.Building;

/// <summary>
/// Maps discovery schemas to C# types and collects the model types to generate (named schemas first, then the inline
/// object and enum schemas they contain, named <c>{Owner}{Property}</c>).
/// </summary>
internal sealed class TypeMapper
{
    /// <summary>Members a generated class declares besides its properties (a type of that name would clash, CS0542).</summary>
    private static readonly string[] ClassMembers = { "ReadJson", "WriteJson", "ExtensionData", "AdditionalProperties", "NullFields", "ReadJsonProperty", "WriteJsonProperties", "JsonNames" };

    /// <summary>Members every generated enum type has besides its values.</summary>
    private static readonly string[] EnumMembers = { "Value", "IsKnown", "KnownValues", "ReadJson", "WriteJson" };

    private readonly NameScope _topLevel;
    private readonly Dictionary<string, string> _shortNames;
    private readonly CancellationToken _cancellationToken;

    // Each schema by id, with all a reference to it needs (one lookup per reference).
    private readonly Dictionary<string, Schema> _schemas;

    // The named schemas' types in schema order (by id: mostly their name order already), and the top-level inline types.
    private readonly List<TypeSlot> _namedTypes;
    private readonly List<TypeSlot> _inlineTypes = new();
    private readonly Dictionary<string, TypeSlot> _byQualifiedName;

    // The named object schemas, in schema order.
    private readonly Schema[] _classSchemas;

    // Whether the named types' names came in ordinal order (checked as they are claimed, while the names are at hand).
    private readonly bool _namedInOrder = true;

    /// <summary>
    /// Members a model class has besides its properties: its own, object's, and those of its base
    /// <c>DiscoveryGen.Runtime.JsonModel</c>, whose protected helpers generated code calls by simple name.
    /// </summary>
    private static readonly string[] ModelMembers =
    {
        "ReadJson", "WriteJson", "ExtensionData", "AdditionalProperties", "NullFields", "Equals", "GetHashCode", "ToString", "GetType",
        "MemberwiseClone", "ReadJsonProperty", "WriteJsonProperties", "JsonNames", "ReadObject", "ReadString", "ReadBoolean", "ReadInt32", "ReadUInt32",
        "ReadInt64", "ReadUInt64", "ReadDouble", "ReadSingle", "ReadDateTime", "ReadDate", "ReadDuration", "ReadBytes", "ReadFieldMask",
        "ReadAny", "ReadModel", "ReadEnum", "ReadStringList", "ReadModelList", "ReadList", "ReadStringMap", "ReadModelMap", "ReadMap",
        "ReadNullableMap", "ReadAdditionalProperty", "WriteString", "WriteBoolean", "WriteInt32", "WriteUInt32", "WriteInt64",
        "WriteUInt64", "WriteDouble", "WriteSingle", "WriteDateTime", "WriteGoogleDateTime", "WriteDate", "WriteDuration", "WriteBytes",
        "WriteFieldMask", "WriteAny", "WriteModel", "WriteStringList", "WriteModelList", "WriteList", "WriteStringMap", "WriteModelMap",
        "WriteMap", "WriteNullableMap", "WriteAdditionalProperties",
    };

    private static readonly ReservedNames ModelMemberNames = new(ModelMembers);

    /// <summary>Members of a generated enum type besides its values: its own and object's.</summary>
    private static readonly ReservedNames EnumMemberNames = new(EnumMembers.Concat(new[] { "Equals", "GetHashCode", "ToString", "GetType" }).ToArray());

    // Name scopes of the classes being built (a class's inline classes are built inside it), cleared and reused: a large
    // API has thousands of classes and enums, and a scope is only needed while its type is built.
    private readonly Stack<NameScope> _classScopes = new();
    private readonly NameScope _enumScope = new(EnumMemberNames);
    private readonly HashSet<string> _enumValues = new(StringComparer.Ordinal);

    /// <param name="shortNames">C# names of schemas that differ from <c>Pascal(id)</c> (the StripSchemaPrefix knob).</param>
    public TypeMapper(NameScope topLevel, EquatableArray<SchemaDef> schemas, Dictionary<string, string> shortNames, CancellationToken cancellationToken)
    {
        _topLevel = topLevel;
        _shortNames = shortNames;
        _cancellationToken = cancellationToken;
        _schemas = new Dictionary<string, Schema>(schemas.Count, StringComparer.Ordinal);
        _namedTypes = new List<TypeSlot>(schemas.Count);
        _byQualifiedName = new Dictionary<string, TypeSlot>(schemas.Count, StringComparer.Ordinal);
        var ordered = new Schema[schemas.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = new Schema(schemas[i]);
            _schemas[schemas[i].Id] = ordered[i];
        }

        // Named schemas claim their names before any inline type, so their names never depend on inline ones.
        string? previous = null;
        foreach (var schema in ordered)
        {
            if (schema.IsClass || schema.Def.Type.EnumValues.Count > 0)
            {
                schema.TypeName = ClaimTypeName(_topLevel, SchemaName(schema.Def.Id), isEnum: !schema.IsClass, "Model");
                _namedInOrder &= previous is null || string.CompareOrdinal(previous, schema.TypeName) < 0;
                previous = schema.TypeName;
            }
        }

        foreach (var schema in ordered)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (schema.TypeName is { } name)
            {
                schema.Type = AddType(_namedTypes, schema.IsClass ? BuildClass(name, schema.Def.Type) : BuildEnum(name, schema.Def.Type));
            }
        }

        _classSchemas = Array.FindAll(ordered, static s => s.IsClass && s.TypeName is not null);
    }

    /// <summary>
    /// All top-level model types, ordinal by name. The named types are mostly in order already and the inline ones few:
    /// each list is sorted on its own (only when out of order) and the two merged, which is the full sort's order
    /// because top-level names are unique.
    /// </summary>
    public EquatableArray<TypeModel> Types
    {
        get
        {
            if (!_namedInOrder)
            {
                _namedTypes.Sort(ByName);
            }

            Parsing.Ordering.Sort(_inlineTypes, ByName);
            var types = new TypeModel[_namedTypes.Count + _inlineTypes.Count];
            var named = 0;
            var inline = 0;
            for (var i = 0; i < types.Length; i++)
            {
                var takeNamed = inline == _inlineTypes.Count
                    || (named < _namedTypes.Count && ByName(_namedTypes[named], _inlineTypes[inline]) < 0);
                types[i] = (takeNamed ? _namedTypes[named++] : _inlineTypes[inline++]).Model;
            }

            return new EquatableArray<TypeModel>(types);
        }
    }

    private static readonly Comparison<TypeSlot> ByName = static (a, b) => string.CompareOrdinal(a.Name, b.Name);

    /// <summary>The generated class of a named object schema, if any.</summary>
    public TypeModel? NamedClass(string schemaId) =>
        _schemas.TryGetValue(schemaId, out var schema) && schema.Type?.Model is { Kind: TypeModelKind.Class } model ? model : null;

    /// <summary>Every named object schema: its id and its generated type.</summary>
    public IEnumerable<(string SchemaId, string TypeName)> NamedClasses()
    {
        foreach (var schema in _classSchemas)
        {
            yield return (schema.Def.Id, Qualify(schema.TypeName!));
        }
    }

    /// <summary>Replaces a generated model (same name) with an annotated copy.</summary>
    public void Replace(TypeModel model) => _byQualifiedName[Qualify(model.Name)].Model = model;

    public string QualifiedName(TypeModel model) => Qualify(model.Name);

    /// <summary>The generated model with this (namespace-relative) name, if any.</summary>
    public TypeModel? Find(string qualifiedName) => _byQualifiedName.TryGetValue(qualifiedName, out var type) ? type.Model : null;

    private TypeSlot AddType(List<TypeSlot> list, TypeModel type)
    {
        var slot = new TypeSlot(type);
        list.Add(slot);
        _byQualifiedName[Qualify(type.Name)] = slot;
        return slot;
    }

    /// <summary>True when a referenced schema is an object without properties (Empty, CancelOperationRequest).</summary>
    public static bool IsEmptyObject(TypeRef? type) => type is { Kind: TypeKind.Model, IsEmptyModel: true };

    /// <summary>Maps a schema node. Inline objects and enums become types named <paramref name="inlineName"/> in <paramref name="scope"/>.</summary>
    public TypeRef Map(TypeDef type, string inlineName, NameScope? scope = null, List<TypeModel>? nestedTypes = null, string? qualifier = null)
    {
        if (type.Ref is { } reference)
        {
            return Resolve(reference);
        }

        switch (type.Type)
        {
            case "string":
                if (type.EnumValues.Count > 0)
                {
                    return InlineEnum(type, inlineName, scope, nestedTypes, qualifier);
                }

                return type.Format switch
                {
                    "int64" => Scalar(TypeKind.Int64),
                    "uint64" => Scalar(TypeKind.UInt64),
                    "int32" => Scalar(TypeKind.Int32),
                    "uint32" => Scalar(TypeKind.UInt32),
                    "double" => Scalar(TypeKind.Double),
                    "float" => Scalar(TypeKind.Single),
                    "date" => Scalar(TypeKind.Date),
                    "date-time" => Scalar(TypeKind.DateTime),
                    "google-datetime" => Scalar(TypeKind.GoogleDateTime),
                    "google-duration" => Scalar(TypeKind.Duration),
                    "byte" => Scalar(TypeKind.Bytes),
                    "google-fieldmask" => Scalar(TypeKind.FieldMask),
                    _ => Scalar(TypeKind.String),
                };
            case "integer":
                return type.Format switch
                {
                    "uint32" => Scalar(TypeKind.UInt32),
                    "int64" => Scalar(TypeKind.Int64),
                    "uint64" => Scalar(TypeKind.UInt64),
                    _ => Scalar(TypeKind.Int32),
                };
            case "number":
                return type.Format == "float" ? Scalar(TypeKind.Single) : Scalar(TypeKind.Double);
            case "boolean":
                return Scalar(TypeKind.Boolean);
            case "array":
                return new TypeRef(TypeKind.List, Element: type.Items is null
                    ? Scalar(TypeKind.Any)
                    : Map(type.Items, InlineName(type.Items, inlineName, "Item"), scope, nestedTypes, qualifier));
            case "object":
            case null:
                if (type.Properties.Count > 0)
                {
                    return InlineClass(type, inlineName, scope, nestedTypes, qualifier);
                }

                if (type.AdditionalProperties is { } values)
                {
                    return new TypeRef(TypeKind.Map, Element: Map(values, InlineName(values, inlineName, "Value"), scope, nestedTypes, qualifier));
                }

                return Scalar(TypeKind.Any);
            default:
                // "any", and unsupported types (reported with their location by the parser).
                return Scalar(TypeKind.Any);
        }
    }

    /// <summary>The type of a schema reference (a method's request or response): <see cref="Map"/> of a <c>$ref</c> node, without making the node.</summary>
    public TypeRef MapReference(string reference) => Resolve(reference);

    private TypeRef Resolve(string reference)
    {
        if (!_schemas.TryGetValue(reference, out var schema))
        {
            // Unknown (reported by the parser): keep the JSON as it is.
            return Scalar(TypeKind.Any);
        }

        if (schema.Reference is { } known)
        {
            return known;
        }

        if (schema.TypeName is { } className)
        {
            return schema.Reference = schema.IsClass
                ? new TypeRef(TypeKind.Model, Qualify(className), IsEmptyModel: schema.Def.Type.Properties.Count == 0 && schema.Def.Type.AdditionalProperties is null)
                : new TypeRef(TypeKind.Enum, Qualify(className));
        }

        if (schema.Resolving)
        {
            // An alias cycle: keep the JSON as it is.
            return Scalar(TypeKind.Any);
        }

        schema.Resolving = true;
        var mapped = Map(schema.Def.Type, SchemaName(reference));
        schema.Resolving = false;
        return schema.Reference = mapped;
    }

    private TypeRef InlineClass(TypeDef type, string name, NameScope? scope, List<TypeModel>? nestedTypes, string? qualifier)
    {
        var claimed = ClaimTypeName(scope ?? _topLevel, name, isEnum: false);
        var model = BuildClass(claimed, type);
        if (nestedTypes is null)
        {
            AddType(_inlineTypes, model);
        }
        else
        {
            nestedTypes.Add(model);
        }

        return new TypeRef(TypeKind.Model, qualifier is null ? Qualify(claimed) : qualifier + "." + claimed);
    }

    private TypeRef InlineEnum(TypeDef type, string name, NameScope? scope, List<TypeModel>? nestedTypes, string? qualifier)
    {
        var claimed = ClaimTypeName(scope ?? _topLevel, name, isEnum: true);
        var model = BuildEnum(claimed, type);
        if (nestedTypes is null)
        {
            AddType(_inlineTypes, model);
        }
        else
        {
            nestedTypes.Add(model);
        }

        return new TypeRef(TypeKind.Enum, qualifier is null ? Qualify(claimed) : qualifier + "." + claimed);
    }

    /// <summary>Claims a type's name; a name of one of the type's own members (CS0542) gets a "Model" suffix first.</summary>
    private static string ClaimTypeName(NameScope scope, string desired, bool isEnum, string suffix = "") =>
        scope.Claim(Array.IndexOf(isEnum ? EnumMembers : ClassMembers, desired) >= 0 ? desired + "Model" : desired, suffix);

    private TypeModel BuildClass(string name, TypeDef type)
    {
        var members = _classScopes.Count > 0 ? _classScopes.Pop() : new NameScope(ModelMemberNames);
        members.Reserve(name);
        // One model per property, in the model's own array (no list copied into it).
        var properties = type.Properties.Count == 0 ? Array.Empty<PropertyModel>() : new PropertyModel[type.Properties.Count];
        for (var i = 0; i < properties.Length; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var property = type.Properties[i];
            var propertyName = members.Claim(Naming.Pascal(property.Name), "Value");
            var propertyType = Map(property.Type, InlineName(property.Type, name, propertyName));
            properties[i] = new PropertyModel(
                property.Name,
                propertyName,
                propertyType,
                property.Type.Description,
                property.Type.ReadOnly,
                Deprecation.Message(property.Type.Deprecated, property.Type.Description),
                property.Type.Default,
                property.Type.RequiredFor);
        }

        // A map alongside fixed properties: unknown keys are typed values instead of raw JSON.
        var additional = type.Properties.Count > 0 && type.AdditionalProperties is { } values
            ? Map(values, InlineName(values, name, "Value"))
            : null;

        List<VariantCaseModel>? cases = null;
        if (type.Variant is { } variant)
        {
            cases = new List<VariantCaseModel>();
            foreach (var entry in variant.Cases)
            {
                var target = Resolve(entry.Ref);
                if (target.Kind == TypeKind.Model)
                {
                    cases.Add(new VariantCaseModel(members.Claim("As" + SchemaName(entry.Ref)), entry.TypeValue, target));
                }
            }
        }

        members.Clear();
        _classScopes.Push(members);
        string? discriminant = null;
        if (type.Variant is not null)
        {
            foreach (var property in properties)
            {
                if (property.JsonName == type.Variant.Discriminant && property.Type.Kind is TypeKind.String or TypeKind.Enum)
                {
                    discriminant = property.Name;
                }
            }
        }

        return new TypeModel(
            TypeModelKind.Class,
            name,
            type.Description,
            Deprecation.Message(type.Deprecated, type.Description),
            new EquatableArray<PropertyModel>(properties),
            EquatableArray<EnumMemberModel>.Empty,
            additional,
            discriminant,
            discriminant is null ? EquatableArray<VariantCaseModel>.Empty : cases!.ToEquatableArray());
    }

    private TypeModel BuildEnum(string name, TypeDef type)
    {
        // An enum holds no other type: one scope and one set serve every enum in turn.
        var members = _enumScope;
        var seen = _enumValues;
        members.Clear();
        seen.Clear();
        members.Reserve(name);
        var list = new List<EnumMemberModel>(type.EnumValues.Count);
        foreach (var value in type.EnumValues)
        {
            if (seen.Add(value.Value))
            {
                list.Add(new EnumMemberModel(members.Claim(Naming.Pascal(value.Value), "Value"), value.Value, value.Description, Deprecation.Message(value.Deprecated, value.Description)));
            }
        }

        return new TypeModel(TypeModelKind.Enum, name, type.Description, Deprecation.Message(type.Deprecated, type.Description), EquatableArray<PropertyModel>.Empty, list.ToEquatableArray(), null, null, EquatableArray<VariantCaseModel>.Empty);
    }

    /// <summary>True for the names a generated type's own members take: a type of that name would get a "Model" suffix.</summary>
    public static bool IsMemberName(string name) => Array.IndexOf(ClassMembers, name) >= 0 || Array.IndexOf(EnumMembers, name) >= 0;

    /// <summary>The C# name a schema id asks for: its short name (StripSchemaPrefix), else PascalCase(id).</summary>
    private string SchemaName(string id) => _shortNames.TryGetValue(id, out var name) ? name : Naming.Pascal(id);

    /// <summary>
    /// Whether <see cref="Map"/> uses its inline name: it names an inline enum or object, maybe as an array's items or a
    /// map's values (only then is one worth building: most properties are scalars, references or lists of those).
    /// </summary>
    internal static bool NamesInlineTypes(TypeDef type) =>
        type.Ref is null && type.Type switch
        {
            "string" => type.EnumValues.Count > 0,
            "array" => type.Items is not null && NamesInlineTypes(type.Items),
            "object" or null => type.Properties.Count > 0 || (type.AdditionalProperties is not null && NamesInlineTypes(type.AdditionalProperties)),
            _ => false,
        };

    /// <summary><paramref name="owner"/> + <paramref name="part"/> when <see cref="Map"/> uses it for <paramref name="type"/>, else empty (not built).</summary>
    private static string InlineName(TypeDef type, string owner, string part) => NamesInlineTypes(type) ? owner + part : string.Empty;

    /// <summary>Type names are relative to the client's namespace (the emitter qualifies them with its namespace alias).</summary>
    private static string Qualify(string name) => name;

    /// <summary>
    /// The one reference of a kind without name or element (string, int, any, …): immutable and equal by value, so
    /// every property of that kind shares it (thousands in a large API).
    /// </summary>
    private static TypeRef Scalar(TypeKind kind) => Scalars[(int)kind];

    private static readonly TypeRef[] Scalars = MakeScalars();

    private static TypeRef[] MakeScalars()
    {
        var kinds = (TypeKind[])Enum.GetValues(typeof(TypeKind));
        var scalars = new TypeRef[kinds.Length];
        foreach (var kind in kinds)
        {
            scalars[(int)kind] = new TypeRef(kind);
        }

        return scalars;
    }

    /// <summary>A generated top-level type: <see cref="Replace"/> swaps in an annotated copy wherever the type is listed.</summary>
    private sealed class TypeSlot
    {
        public TypeSlot(TypeModel model)
        {
            Name = model.Name;
            Model = model;
        }

        /// <summary>The type's name (a copy keeps it): sorting compares it here, without reaching into each model.</summary>
        public string Name { get; }

        public TypeModel Model { get; set; }
    }

    /// <summary>A schema of the document and what references to it need, each worked out once.</summary>
    private sealed class Schema
    {
        public Schema(SchemaDef def)
        {
            Def = def;
            IsClass = TypeMapper.IsClass(def.Type);
        }

        public SchemaDef Def { get; }

        public bool IsClass { get; }

        /// <summary>The name of the class or enum the schema generates; null for an alias (a list, a map, a scalar).</summary>
        public string? TypeName { get; set; }

        /// <summary>The generated class or enum, once built.</summary>
        public TypeSlot? Type { get; set; }

        /// <summary>What a reference maps to, made once (every property that refers to the schema shares it).</summary>
        public TypeRef? Reference { get; set; }

        /// <summary>True while an alias is being mapped: a reference back to it is a cycle.</summary>
        public bool Resolving { get; set; }
    }

    private static bool IsClass(TypeDef type) => type.Type is "object" or null && type.Ref is null && type.EnumValues.Count == 0
        && (type.Properties.Count > 0 || type.AdditionalProperties is null);
}
