#if PARITY_CORPUS
using System;
using System.Collections.Generic;
using System.Linq;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Tests.Shared;
using G = Google.Apis.Storage.v1;
using GData = Google.Apis.Storage.v1.Data;
using P = Parity.Storage;
using PS = Parity.Storage.StorageService;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// The storage v1 parity table: each row is one call written against Google.Apis.Storage.v1 and against the client
/// DiscoveryGen generated from ../shared/discovery/storage.v1.json, with optional, repeated, boolean, enum, int64 and
/// date/date-time values set. Object names carry '/', spaces, '+', '(' and non-ASCII characters on purpose: they
/// exercise path escaping. The server answers each with a minimal valid JSON body of the method's response type.
/// </summary>
public static class StorageParityCases
{
    private const string Bucket = "parity-bucket";
    private const string Project = "parity-project";
    private const string BillingProject = "billing-project";

    /// <summary>An object name that needs escaping: '/', ' ', '+', '(', ')', '&amp;', '=', '?', '#', ':' and non-ASCII.</summary>
    private const string ObjectName = "logs/2024 05/a+b (1)&x=y?#:é.txt";

    private const long Generation = 1717171717171717;
    private const long Metageneration = 42;

    // Response bodies: minimal, valid, and parseable by both clients.
    private static readonly CannedResponse ObjectJson = CannedResponse.Json("""{"kind":"storage#object","bucket":"parity-bucket","name":"n","generation":"1717171717171717"}""");
    private static readonly CannedResponse ObjectsJson = CannedResponse.Json("""{"kind":"storage#objects","items":[],"prefixes":["logs/"]}""");
    private static readonly CannedResponse BucketJson = CannedResponse.Json("""{"kind":"storage#bucket","name":"parity-bucket","metageneration":"42"}""");
    private static readonly CannedResponse BucketsJson = CannedResponse.Json("""{"kind":"storage#buckets","items":[]}""");
    private static readonly CannedResponse PolicyJson = CannedResponse.Json("""{"kind":"storage#policy","version":3,"etag":"CAE=","bindings":[]}""");
    private static readonly CannedResponse PermissionsJson = CannedResponse.Json("""{"kind":"storage#testIamPermissionsResponse","permissions":["storage.buckets.get"]}""");
    private static readonly CannedResponse ObjectAclJson = CannedResponse.Json("""{"kind":"storage#objectAccessControl","entity":"user-a@example.com","role":"READER"}""");
    private static readonly CannedResponse ObjectAclsJson = CannedResponse.Json("""{"kind":"storage#objectAccessControls","items":[]}""");
    private static readonly CannedResponse BucketAclJson = CannedResponse.Json("""{"kind":"storage#bucketAccessControl","entity":"group-g@example.com","role":"WRITER"}""");
    private static readonly CannedResponse BucketAclsJson = CannedResponse.Json("""{"kind":"storage#bucketAccessControls","items":[]}""");
    private static readonly CannedResponse NotificationJson = CannedResponse.Json("""{"kind":"storage#notification","id":"7","topic":"//pubsub.googleapis.com/projects/p/topics/t"}""");
    private static readonly CannedResponse NotificationsJson = CannedResponse.Json("""{"kind":"storage#notifications","items":[]}""");
    private static readonly CannedResponse HmacKeyJson = CannedResponse.Json("""{"kind":"storage#hmacKey","secret":"c2VjcmV0","metadata":{"kind":"storage#hmacKeyMetadata","accessId":"GOOG1EXAMPLE","state":"ACTIVE"}}""");
    private static readonly CannedResponse HmacMetadataJson = CannedResponse.Json("""{"kind":"storage#hmacKeyMetadata","accessId":"GOOG1EXAMPLE","state":"INACTIVE"}""");
    private static readonly CannedResponse HmacListJson = CannedResponse.Json("""{"kind":"storage#hmacKeysMetadata","items":[]}""");
    private static readonly CannedResponse RewriteJson = CannedResponse.Json("""{"kind":"storage#rewriteResponse","totalBytesRewritten":"1048576","objectSize":"4194304","done":false,"rewriteToken":"tok-2"}""");
    private static readonly CannedResponse ServiceAccountJson = CannedResponse.Json("""{"kind":"storage#serviceAccount","email_address":"sa@gs-project-accounts.iam.gserviceaccount.com"}""");
    private static readonly CannedResponse OperationJson = CannedResponse.Json("""{"kind":"storage#operation","name":"projects/_/buckets/parity-bucket/operations/op-1","done":false}""");
    private static readonly CannedResponse OperationsJson = CannedResponse.Json("""{"kind":"storage#operations","operations":[]}""");
    private static readonly CannedResponse FolderJson = CannedResponse.Json("""{"kind":"storage#folder","bucket":"parity-bucket","name":"dir/"}""");
    private static readonly CannedResponse FoldersJson = CannedResponse.Json("""{"kind":"storage#folders","items":[]}""");
    private static readonly CannedResponse ManagedFoldersJson = CannedResponse.Json("""{"kind":"storage#managedFolders","items":[]}""");
    private static readonly CannedResponse NoContent = new(204);

    /// <summary>
    /// Google.Apis sends a body's etag as <c>If-Match</c> too (its ETagAction.Default); DiscoveryGen sends the header
    /// only when asked, which these rows do (README "Divergences from Google.Apis", asserted in DivergenceTests).
    /// </summary>
    private static DiscoveryGen.Runtime.RequestOptions IfMatch(string etag) => new() { Headers = new Dictionary<string, string> { ["If-Match"] = etag } };

    // A date-time with a non-UTC whole-hour offset: both keep the offset, Google.Apis without its minutes (rule D2).
    private static readonly DateTimeOffset CustomTime = new(2024, 5, 1, 10, 0, 0, 500, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset EffectiveTime = new(2023, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public static IReadOnlyList<ParityCase<G.StorageService, PS>> All { get; } = new List<ParityCase<G.StorageService, PS>>
    {
        // ---------------------------------------------------------------- buckets
        new("buckets.list projection/maxResults/prefix/pageToken/userProject", "storage.buckets.list", BucketsJson,
            g =>
            {
                var r = g.Buckets.List(Project);
                r.MaxResults = 50;
                r.Prefix = "logs-";
                r.PageToken = "page/2+=";
                r.Projection = G.BucketsResource.ListRequest.ProjectionEnum.Full;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Buckets.ListAsync(Project, maxResults: 50, pageToken: "page/2+=", prefix: "logs-", projection: PS.BucketsResource.ListProjection.Full, userProject: BillingProject)),

        new("buckets.get int64 preconditions and projection", "storage.buckets.get", BucketJson,
            g =>
            {
                var r = g.Buckets.Get(Bucket);
                r.IfMetagenerationMatch = Metageneration;
                r.IfMetagenerationNotMatch = 9007199254740993; // 2^53 + 1: not representable as a double
                r.Projection = G.BucketsResource.GetRequest.ProjectionEnum.NoAcl;
                return r.ExecuteAsync();
            },
            o => o.Buckets.GetAsync(Bucket, ifMetagenerationMatch: Metageneration, ifMetagenerationNotMatch: 9007199254740993, projection: PS.BucketsResource.GetProjection.NoAcl)),

        new("buckets.insert predefinedAcl enums, boolean, body with labels/versioning/iamConfiguration", "storage.buckets.insert", BucketJson,
            g =>
            {
                var r = g.Buckets.Insert(
                    new GData.Bucket
                    {
                        Name = "new-bucket",
                        Location = "EUROPE-WEST1",
                        StorageClass = "NEARLINE",
                        Labels = new Dictionary<string, string> { ["env"] = "test", ["team"] = "parity" },
                        Versioning = new GData.Bucket.VersioningData { Enabled = true },
                        IamConfiguration = new GData.Bucket.IamConfigurationData
                        {
                            UniformBucketLevelAccess = new GData.Bucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
                            PublicAccessPrevention = "enforced",
                        },
                        DefaultEventBasedHold = false,
                    },
                    Project);
                r.PredefinedAcl = G.BucketsResource.InsertRequest.PredefinedAclEnum.PublicRead;
                r.PredefinedDefaultObjectAcl = G.BucketsResource.InsertRequest.PredefinedDefaultObjectAclEnum.BucketOwnerFullControl;
                r.Projection = G.BucketsResource.InsertRequest.ProjectionEnum.Full;
                r.EnableObjectRetention = true;
                return r.ExecuteAsync();
            },
            o => o.Buckets.InsertAsync(
                Project,
                new P.Bucket
                {
                    Name = "new-bucket",
                    Location = "EUROPE-WEST1",
                    StorageClass = "NEARLINE",
                    Labels = new Dictionary<string, string?> { ["env"] = "test", ["team"] = "parity" },
                    Versioning = new P.BucketVersioning { Enabled = true },
                    IamConfiguration = new P.BucketIamConfiguration
                    {
                        UniformBucketLevelAccess = new P.BucketIamConfigurationUniformBucketLevelAccess { Enabled = true },
                        PublicAccessPrevention = "enforced",
                    },
                    DefaultEventBasedHold = false,
                },
                enableObjectRetention: true,
                predefinedAcl: PS.BucketsResource.InsertPredefinedAcl.PublicRead,
                predefinedDefaultObjectAcl: PS.BucketsResource.InsertPredefinedDefaultObjectAcl.BucketOwnerFullControl,
                projection: PS.BucketsResource.InsertProjection.Full)),

        new("buckets.patch labels map, lifecycle with date conditions, int64 retention, date-time", "storage.buckets.patch", BucketJson,
            g =>
            {
                var r = g.Buckets.Patch(
                    new GData.Bucket
                    {
                        Labels = new Dictionary<string, string> { ["env"] = "prod", ["cost-center"] = "42" },
                        Lifecycle = new GData.Bucket.LifecycleData
                        {
                            Rule = new List<GData.Bucket.LifecycleData.RuleData>
                            {
                                new()
                                {
                                    Action = new GData.Bucket.LifecycleData.RuleData.ActionData { Type = "SetStorageClass", StorageClass = "COLDLINE" },
                                    Condition = new GData.Bucket.LifecycleData.RuleData.ConditionData
                                    {
                                        Age = 30,
                                        CreatedBefore = "2024-01-15",
                                        CustomTimeBefore = "2024-02-29",
                                        IsLive = true,
                                        MatchesPrefix = new List<string> { "logs/", "tmp/" },
                                        MatchesStorageClass = new List<string> { "STANDARD" },
                                        NumNewerVersions = 3,
                                    },
                                },
                                new()
                                {
                                    Action = new GData.Bucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
                                    Condition = new GData.Bucket.LifecycleData.RuleData.ConditionData { NoncurrentTimeBefore = "2023-12-31", DaysSinceNoncurrentTime = 7 },
                                },
                            },
                        },
                        RetentionPolicy = new GData.Bucket.RetentionPolicyData { RetentionPeriod = 8640000000, EffectiveTimeDateTimeOffset = EffectiveTime },
                        SoftDeletePolicy = new GData.Bucket.SoftDeletePolicyData { RetentionDurationSeconds = 604800 },
                    },
                    Bucket);
                r.IfMetagenerationMatch = Metageneration;
                r.PredefinedAcl = G.BucketsResource.PatchRequest.PredefinedAclEnum.Private__;
                r.PredefinedDefaultObjectAcl = G.BucketsResource.PatchRequest.PredefinedDefaultObjectAclEnum.ProjectPrivate;
                r.Projection = G.BucketsResource.PatchRequest.ProjectionEnum.Full;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Buckets.PatchAsync(
                Bucket,
                new P.Bucket
                {
                    Labels = new Dictionary<string, string?> { ["env"] = "prod", ["cost-center"] = "42" },
                    Lifecycle = new P.BucketLifecycle
                    {
                        Rule = new List<P.BucketLifecycleRuleItem>
                        {
                            new()
                            {
                                Action = new P.BucketLifecycleRuleItemAction { Type = "SetStorageClass", StorageClass = "COLDLINE" },
                                Condition = new P.BucketLifecycleRuleItemCondition
                                {
                                    Age = 30,
                                    CreatedBefore = new DateOnly(2024, 1, 15),
                                    CustomTimeBefore = new DateOnly(2024, 2, 29),
                                    IsLive = true,
                                    MatchesPrefix = new List<string> { "logs/", "tmp/" },
                                    MatchesStorageClass = new List<string> { "STANDARD" },
                                    NumNewerVersions = 3,
                                },
                            },
                            new()
                            {
                                Action = new P.BucketLifecycleRuleItemAction { Type = "Delete" },
                                Condition = new P.BucketLifecycleRuleItemCondition { NoncurrentTimeBefore = new DateOnly(2023, 12, 31), DaysSinceNoncurrentTime = 7 },
                            },
                        },
                    },
                    RetentionPolicy = new P.BucketRetentionPolicy { RetentionPeriod = 8640000000, EffectiveTime = EffectiveTime },
                    SoftDeletePolicy = new P.BucketSoftDeletePolicy { RetentionDurationSeconds = 604800 },
                },
                ifMetagenerationMatch: Metageneration,
                predefinedAcl: PS.BucketsResource.PatchPredefinedAcl.Private,
                predefinedDefaultObjectAcl: PS.BucketsResource.PatchPredefinedDefaultObjectAcl.ProjectPrivate,
                projection: PS.BucketsResource.PatchProjection.Full,
                userProject: BillingProject)),

        new("buckets.update PUT with body and ifMetagenerationNotMatch", "storage.buckets.update", BucketJson,
            g =>
            {
                // storage.v1 annotates Bucket.acl as required by buckets.update: our client refuses to send without it (see README).
                var r = g.Buckets.Update(new GData.Bucket { Name = Bucket, StorageClass = "STANDARD", Acl = new List<GData.BucketAccessControl> { new() { Entity = "allUsers", Role = "READER" } }, Website = new GData.Bucket.WebsiteData { MainPageSuffix = "index.html", NotFoundPage = "404.html" } }, Bucket);
                r.IfMetagenerationNotMatch = 41;
                r.Projection = G.BucketsResource.UpdateRequest.ProjectionEnum.NoAcl;
                return r.ExecuteAsync();
            },
            o => o.Buckets.UpdateAsync(Bucket, new P.Bucket { Name = Bucket, StorageClass = "STANDARD", Acl = new List<P.BucketAccessControl> { new() { Entity = "allUsers", Role = "READER" } }, Website = new P.BucketWebsite { MainPageSuffix = "index.html", NotFoundPage = "404.html" } }, ifMetagenerationNotMatch: 41, projection: PS.BucketsResource.UpdateProjection.NoAcl)),

        new("buckets.update rich body: cors/billing/logging/encryption/autoclass/placement/acl lists", "storage.buckets.update", BucketJson,
            g =>
            {
                var r = g.Buckets.Update(
                    new GData.Bucket
                    {
                        Name = Bucket,
                        Rpo = "ASYNC_TURBO",
                        Cors = new List<GData.Bucket.CorsData>
                        {
                            new() { MaxAgeSeconds = 3600, Method = new List<string> { "GET", "HEAD" }, Origin = new List<string> { "https://example.com" }, ResponseHeader = new List<string> { "Content-Type" } },
                        },
                        Billing = new GData.Bucket.BillingData { RequesterPays = true },
                        Logging = new GData.Bucket.LoggingData { LogBucket = "logs-bucket", LogObjectPrefix = "parity/" },
                        Encryption = new GData.Bucket.EncryptionData { DefaultKmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k" },
                        Autoclass = new GData.Bucket.AutoclassData { Enabled = true, TerminalStorageClass = "ARCHIVE" },
                        CustomPlacementConfig = new GData.Bucket.CustomPlacementConfigData { DataLocations = new List<string> { "US-EAST1", "US-WEST1" } },
                        HierarchicalNamespace = new GData.Bucket.HierarchicalNamespaceData { Enabled = false },
                        Acl = new List<GData.BucketAccessControl> { new() { Entity = "project-owners-123", Role = "OWNER" } },
                        DefaultObjectAcl = new List<GData.ObjectAccessControl> { new() { Entity = "allAuthenticatedUsers", Role = "READER" } },
                    },
                    Bucket);
                r.PredefinedDefaultObjectAcl = G.BucketsResource.UpdateRequest.PredefinedDefaultObjectAclEnum.AuthenticatedRead;
                r.Projection = G.BucketsResource.UpdateRequest.ProjectionEnum.Full;
                return r.ExecuteAsync();
            },
            o => o.Buckets.UpdateAsync(
                Bucket,
                new P.Bucket
                {
                    Name = Bucket,
                    Rpo = "ASYNC_TURBO",
                    Cors = new List<P.BucketCorsItem>
                    {
                        new() { MaxAgeSeconds = 3600, Method = new List<string> { "GET", "HEAD" }, Origin = new List<string> { "https://example.com" }, ResponseHeader = new List<string> { "Content-Type" } },
                    },
                    Billing = new P.BucketBilling { RequesterPays = true },
                    Logging = new P.BucketLogging { LogBucket = "logs-bucket", LogObjectPrefix = "parity/" },
                    Encryption = new P.BucketEncryption { DefaultKmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k" },
                    Autoclass = new P.BucketAutoclass { Enabled = true, TerminalStorageClass = "ARCHIVE" },
                    CustomPlacementConfig = new P.BucketCustomPlacementConfig { DataLocations = new List<string> { "US-EAST1", "US-WEST1" } },
                    HierarchicalNamespace = new P.BucketHierarchicalNamespace { Enabled = false },
                    Acl = new List<P.BucketAccessControl> { new() { Entity = "project-owners-123", Role = "OWNER" } },
                    DefaultObjectAcl = new List<P.ObjectAccessControl> { new() { Entity = "allAuthenticatedUsers", Role = "READER" } },
                },
                predefinedDefaultObjectAcl: PS.BucketsResource.UpdatePredefinedDefaultObjectAcl.AuthenticatedRead,
                projection: PS.BucketsResource.UpdateProjection.Full)),

        new("buckets.getStorageLayout prefix", "storage.buckets.getStorageLayout", CannedResponse.Json("""{"kind":"storage#storageLayout","bucket":"parity-bucket","location":"EU"}"""),
            g =>
            {
                var r = g.Buckets.GetStorageLayout(Bucket);
                r.Prefix = "logs/";
                return r.ExecuteAsync();
            },
            o => o.Buckets.GetStorageLayoutAsync(Bucket, prefix: "logs/")),

        new("buckets.delete preconditions", "storage.buckets.delete", NoContent,
            g =>
            {
                var r = g.Buckets.Delete(Bucket);
                r.IfMetagenerationMatch = Metageneration;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Buckets.DeleteAsync(Bucket, ifMetagenerationMatch: Metageneration, userProject: BillingProject)),

        new("buckets.getIamPolicy optionsRequestedPolicyVersion", "storage.buckets.getIamPolicy", PolicyJson,
            g =>
            {
                var r = g.Buckets.GetIamPolicy(Bucket);
                r.OptionsRequestedPolicyVersion = 3;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Buckets.GetIamPolicyAsync(Bucket, optionsRequestedPolicyVersion: 3, userProject: BillingProject)),

        new("buckets.setIamPolicy body with conditional binding and etag", "storage.buckets.setIamPolicy", PolicyJson,
            g => g.Buckets.SetIamPolicy(
                new GData.Policy
                {
                    Version = 3,
                    ETag = "CAE=",
                    Bindings = new List<GData.Policy.BindingsData>
                    {
                        new() { Role = "roles/storage.objectViewer", Members = new List<string> { "allUsers", "user:a@example.com" } },
                        new()
                        {
                            Role = "roles/storage.objectAdmin",
                            Members = new List<string> { "group:admins@example.com" },
                            Condition = new GData.Expr { Title = "expires", Expression = "request.time < timestamp(\"2025-01-01T00:00:00Z\")", Description = "until 2025" },
                        },
                    },
                },
                Bucket).ExecuteAsync(),
            o => o.Buckets.SetIamPolicyAsync(
                Bucket,
                new P.Policy
                {
                    Version = 3,
                    Etag = Convert.FromBase64String("CAE="),
                    Bindings = new List<P.PolicyBindingsItem>
                    {
                        new() { Role = "roles/storage.objectViewer", Members = new List<string> { "allUsers", "user:a@example.com" } },
                        new()
                        {
                            Role = "roles/storage.objectAdmin",
                            Members = new List<string> { "group:admins@example.com" },
                            Condition = new P.Expr { Title = "expires", Expression = "request.time < timestamp(\"2025-01-01T00:00:00Z\")", Description = "until 2025" },
                        },
                    },
                },
                options: IfMatch("CAE="))),

        new("buckets.testIamPermissions repeated permissions", "storage.buckets.testIamPermissions", PermissionsJson,
            g => g.Buckets.TestIamPermissions(Bucket, new Google.Apis.Util.Repeatable<string>(new[] { "storage.buckets.get", "storage.objects.list", "storage.objects.create" })).ExecuteAsync(),
            o => o.Buckets.TestIamPermissionsAsync(Bucket, new[] { "storage.buckets.get", "storage.objects.list", "storage.objects.create" })),

        new("buckets.lockRetentionPolicy required int64 query", "storage.buckets.lockRetentionPolicy", BucketJson,
            g => g.Buckets.LockRetentionPolicy(Bucket, Metageneration).ExecuteAsync(),
            o => o.Buckets.LockRetentionPolicyAsync(Bucket, Metageneration)),

        // ---------------------------------------------------------------- objects
        new("objects.list versions/delimiter/includeTrailingDelimiter/matchGlob/offsets/maxResults", "storage.objects.list", ObjectsJson,
            g =>
            {
                var r = g.Objects.List(Bucket);
                r.Delimiter = "/";
                r.IncludeTrailingDelimiter = true;
                r.IncludeFoldersAsPrefixes = false;
                r.MatchGlob = "logs/**/*.{txt,json}";
                r.Versions = true;
                r.MaxResults = 250; // not the discovery default (1000): see DivergenceTests for what a default value does
                r.Prefix = "logs/2024 05/";
                r.StartOffset = "logs/a";
                r.EndOffset = "logs/z";
                r.Projection = G.ObjectsResource.ListRequest.ProjectionEnum.NoAcl;
                r.SoftDeleted = false;
                return r.ExecuteAsync();
            },
            o => o.Objects.ListAsync(
                Bucket,
                delimiter: "/",
                endOffset: "logs/z",
                includeFoldersAsPrefixes: false,
                includeTrailingDelimiter: true,
                matchGlob: "logs/**/*.{txt,json}",
                maxResults: 250,
                prefix: "logs/2024 05/",
                projection: PS.ObjectsResource.ListProjection.NoAcl,
                softDeleted: false,
                startOffset: "logs/a",
                versions: true)),

        new("objects.get object name with '%', '~', '*', '!', quote and an emoji", "storage.objects.get", ObjectJson,
            g => g.Objects.Get(Bucket, "100% ~done*!'\"🙂/x").ExecuteAsync(),
            o => o.Objects.GetAsync(Bucket, "100% ~done*!'\"🙂/x")),

        new("objects.get escaped object name, int64 generation/ifMetagenerationMatch, softDeleted", "storage.objects.get", ObjectJson,
            g =>
            {
                var r = g.Objects.Get(Bucket, ObjectName);
                r.Generation = Generation;
                r.IfGenerationNotMatch = 0;
                r.IfMetagenerationMatch = Metageneration;
                r.Projection = G.ObjectsResource.GetRequest.ProjectionEnum.Full;
                r.SoftDeleted = true;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Objects.GetAsync(Bucket, ObjectName, generation: Generation, ifGenerationNotMatch: 0, ifMetagenerationMatch: Metageneration, projection: PS.ObjectsResource.GetProjection.Full, softDeleted: true, userProject: BillingProject)),

        new("objects.insert metadata-only with ifGenerationMatch=0, name, predefinedAcl, metadata map, date-time customTime", "storage.objects.insert", ObjectJson,
            g =>
            {
                var r = g.Objects.Insert(
                    new GData.Object
                    {
                        Name = ObjectName,
                        ContentType = "text/plain; charset=utf-8",
                        CacheControl = "no-cache",
                        Metadata = new Dictionary<string, string> { ["owner"] = "parity", ["note"] = "ünïcode & spaces" },
                        CustomTimeDateTimeOffset = CustomTime,
                        TemporaryHold = false,
                    },
                    Bucket);
                r.Name = ObjectName;
                r.IfGenerationMatch = 0;
                r.ContentEncoding = "gzip";
                r.KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k";
                r.PredefinedAcl = G.ObjectsResource.InsertRequest.PredefinedAclEnum.BucketOwnerFullControl;
                r.Projection = G.ObjectsResource.InsertRequest.ProjectionEnum.NoAcl;
                return r.ExecuteAsync();
            },
            o => o.Objects.InsertAsync(
                Bucket,
                new P.Object
                {
                    Name = ObjectName,
                    ContentType = "text/plain; charset=utf-8",
                    CacheControl = "no-cache",
                    Metadata = new Dictionary<string, string?> { ["owner"] = "parity", ["note"] = "ünïcode & spaces" },
                    CustomTime = CustomTime,
                    TemporaryHold = false,
                },
                contentEncoding: "gzip",
                ifGenerationMatch: 0,
                kmsKeyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k",
                name: ObjectName,
                predefinedAcl: PS.ObjectsResource.InsertPredefinedAcl.BucketOwnerFullControl,
                projection: PS.ObjectsResource.InsertProjection.NoAcl)),

        new("objects.patch body with metadata/holds/acl, overrideUnlockedRetention, int64 preconditions", "storage.objects.patch", ObjectJson,
            g =>
            {
                var r = g.Objects.Patch(
                    new GData.Object
                    {
                        ContentType = "application/json",
                        Metadata = new Dictionary<string, string> { ["reviewed"] = "true" },
                        EventBasedHold = true,
                        Acl = new List<GData.ObjectAccessControl> { new() { Entity = "allUsers", Role = "READER" } },
                        Retention = new GData.Object.RetentionData { Mode = "Unlocked", RetainUntilTimeDateTimeOffset = CustomTime },
                    },
                    Bucket,
                    ObjectName);
                r.Generation = Generation;
                r.IfGenerationMatch = Generation;
                r.IfMetagenerationNotMatch = 7;
                r.OverrideUnlockedRetention = true;
                r.PredefinedAcl = G.ObjectsResource.PatchRequest.PredefinedAclEnum.PublicRead;
                r.Projection = G.ObjectsResource.PatchRequest.ProjectionEnum.Full;
                return r.ExecuteAsync();
            },
            o => o.Objects.PatchAsync(
                Bucket,
                ObjectName,
                new P.Object
                {
                    ContentType = "application/json",
                    Metadata = new Dictionary<string, string?> { ["reviewed"] = "true" },
                    EventBasedHold = true,
                    Acl = new List<P.ObjectAccessControl> { new() { Entity = "allUsers", Role = "READER" } },
                    Retention = new P.ObjectRetention { Mode = "Unlocked", RetainUntilTime = CustomTime },
                },
                generation: Generation,
                ifGenerationMatch: Generation,
                ifMetagenerationNotMatch: 7,
                overrideUnlockedRetention: true,
                predefinedAcl: PS.ObjectsResource.PatchPredefinedAcl.PublicRead,
                projection: PS.ObjectsResource.PatchProjection.Full)),

        new("objects.patch metadata key set to null (deletes it) and empty acl list (clears it)", "storage.objects.patch", ObjectJson,
            g => g.Objects.Patch(
                new GData.Object { Metadata = new Dictionary<string, string> { ["obsolete"] = null!, ["kept"] = "v" }, Acl = new List<GData.ObjectAccessControl>() },
                Bucket,
                ObjectName).ExecuteAsync(),
            o => o.Objects.PatchAsync(
                Bucket,
                ObjectName,
                // Map values are nullable: a null value is GCS's "delete this key".
                new P.Object { Metadata = new Dictionary<string, string?> { ["obsolete"] = null, ["kept"] = "v" }, Acl = new List<P.ObjectAccessControl>() })),

        new("objects.update PUT with body", "storage.objects.update", ObjectJson,
            g =>
            {
                // storage.v1 annotates Object.acl as required by objects.update: our client refuses to send without it (see README).
                var r = g.Objects.Update(new GData.Object { Name = ObjectName, ContentLanguage = "fi", ContentDisposition = "attachment; filename=\"x.txt\"", Acl = new List<GData.ObjectAccessControl> { new() { Entity = "user-a@example.com", Role = "OWNER" } } }, Bucket, ObjectName);
                r.IfMetagenerationMatch = Metageneration;
                r.PredefinedAcl = G.ObjectsResource.UpdateRequest.PredefinedAclEnum.ProjectPrivate;
                return r.ExecuteAsync();
            },
            o => o.Objects.UpdateAsync(Bucket, ObjectName, new P.Object { Name = ObjectName, ContentLanguage = "fi", ContentDisposition = "attachment; filename=\"x.txt\"", Acl = new List<P.ObjectAccessControl> { new() { Entity = "user-a@example.com", Role = "OWNER" } } }, ifMetagenerationMatch: Metageneration, predefinedAcl: PS.ObjectsResource.UpdatePredefinedAcl.ProjectPrivate)),

        new("objects.delete generation and preconditions", "storage.objects.delete", NoContent,
            g =>
            {
                var r = g.Objects.Delete(Bucket, ObjectName);
                r.Generation = Generation;
                r.IfGenerationMatch = Generation;
                r.IfMetagenerationMatch = 1;
                return r.ExecuteAsync();
            },
            o => o.Objects.DeleteAsync(Bucket, ObjectName, generation: Generation, ifGenerationMatch: Generation, ifMetagenerationMatch: 1)),

        new("objects.rewrite four path parameters and many query parameters", "storage.objects.rewrite", RewriteJson,
            g =>
            {
                var r = g.Objects.Rewrite(new GData.Object { ContentType = "image/png", Metadata = new Dictionary<string, string> { ["copied"] = "yes" } }, Bucket, ObjectName, "dest-bucket", "copies/é 1.png");
                r.DestinationKmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k2";
                r.DestinationPredefinedAcl = G.ObjectsResource.RewriteRequest.DestinationPredefinedAclEnum.AuthenticatedRead;
                r.IfGenerationMatch = 0;
                r.IfGenerationNotMatch = 5;
                r.IfMetagenerationMatch = 6;
                r.IfSourceGenerationMatch = Generation;
                r.IfSourceMetagenerationNotMatch = 8;
                r.MaxBytesRewrittenPerCall = 1048576;
                r.Projection = G.ObjectsResource.RewriteRequest.ProjectionEnum.Full;
                r.RewriteToken = "tok/1+==";
                r.SourceGeneration = Generation;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Objects.RewriteAsync(
                Bucket,
                ObjectName,
                "dest-bucket",
                "copies/é 1.png",
                new P.Object { ContentType = "image/png", Metadata = new Dictionary<string, string?> { ["copied"] = "yes" } },
                destinationKmsKeyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k2",
                destinationPredefinedAcl: PS.ObjectsResource.RewriteDestinationPredefinedAcl.AuthenticatedRead,
                ifGenerationMatch: 0,
                ifGenerationNotMatch: 5,
                ifMetagenerationMatch: 6,
                ifSourceGenerationMatch: Generation,
                ifSourceMetagenerationNotMatch: 8,
                maxBytesRewrittenPerCall: 1048576,
                projection: PS.ObjectsResource.RewriteProjection.Full,
                rewriteToken: "tok/1+==",
                sourceGeneration: Generation,
                userProject: BillingProject)),

        new("objects.copy with source generation and destination ACL", "storage.objects.copy", ObjectJson,
            g =>
            {
                var r = g.Objects.Copy(new GData.Object { ContentType = "text/csv" }, Bucket, ObjectName, "dest-bucket", "copy.csv");
                r.SourceGeneration = Generation;
                r.IfSourceMetagenerationMatch = 2;
                r.DestinationPredefinedAcl = G.ObjectsResource.CopyRequest.DestinationPredefinedAclEnum.BucketOwnerRead;
                r.Projection = G.ObjectsResource.CopyRequest.ProjectionEnum.NoAcl;
                return r.ExecuteAsync();
            },
            o => o.Objects.CopyAsync(Bucket, ObjectName, "dest-bucket", "copy.csv", new P.Object { ContentType = "text/csv" }, destinationPredefinedAcl: PS.ObjectsResource.CopyDestinationPredefinedAcl.BucketOwnerRead, ifSourceMetagenerationMatch: 2, projection: PS.ObjectsResource.CopyProjection.NoAcl, sourceGeneration: Generation)),

        new("objects.compose body with sourceObjects, generations and preconditions", "storage.objects.compose", ObjectJson,
            g =>
            {
                var r = g.Objects.Compose(
                    new GData.ComposeRequest
                    {
                        Destination = new GData.Object { ContentType = "text/plain", Metadata = new Dictionary<string, string> { ["composed"] = "2" } },
                        SourceObjects = new List<GData.ComposeRequest.SourceObjectsData>
                        {
                            new() { Name = "part-1", Generation = Generation, ObjectPreconditions = new GData.ComposeRequest.SourceObjectsData.ObjectPreconditionsData { IfGenerationMatch = Generation } },
                            new() { Name = "part 2/é" },
                        },
                    },
                    Bucket,
                    "composed/all.txt");
                r.DestinationPredefinedAcl = G.ObjectsResource.ComposeRequest.DestinationPredefinedAclEnum.Private__;
                r.IfGenerationMatch = 0;
                r.IfMetagenerationMatch = 3;
                r.KmsKeyName = "projects/p/locations/l/keyRings/r/cryptoKeys/k";
                return r.ExecuteAsync();
            },
            o => o.Objects.ComposeAsync(
                Bucket,
                "composed/all.txt",
                new P.ComposeRequest
                {
                    Destination = new P.Object { ContentType = "text/plain", Metadata = new Dictionary<string, string?> { ["composed"] = "2" } },
                    SourceObjects = new List<P.ComposeRequestSourceObjectsItem>
                    {
                        new() { Name = "part-1", Generation = Generation, ObjectPreconditions = new P.ComposeRequestSourceObjectsItemObjectPreconditions { IfGenerationMatch = Generation } },
                        new() { Name = "part 2/é" },
                    },
                },
                destinationPredefinedAcl: PS.ObjectsResource.ComposeDestinationPredefinedAcl.Private,
                ifGenerationMatch: 0,
                ifMetagenerationMatch: 3,
                kmsKeyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k")),

        new("objects.restore required int64 generation and copySourceAcl", "storage.objects.restore", ObjectJson,
            g =>
            {
                var r = g.Objects.Restore(Bucket, ObjectName, Generation);
                r.CopySourceAcl = true;
                r.IfGenerationMatch = 0;
                r.Projection = G.ObjectsResource.RestoreRequest.ProjectionEnum.Full;
                return r.ExecuteAsync();
            },
            o => o.Objects.RestoreAsync(Bucket, ObjectName, Generation, copySourceAcl: true, ifGenerationMatch: 0, projection: PS.ObjectsResource.RestoreProjection.Full)),

        new("objects.bulkRestore body with date-times and matchGlobs", "storage.objects.bulkRestore", OperationJson,
            g => g.Objects.BulkRestore(
                new GData.BulkRestoreObjectsRequest
                {
                    AllowOverwrite = false,
                    CopySourceAcl = true,
                    MatchGlobs = new List<string> { "logs/**", "*.txt" },
                    SoftDeletedAfterTimeDateTimeOffset = CustomTime,
                    SoftDeletedBeforeTimeDateTimeOffset = CustomTime.AddDays(1),
                },
                Bucket).ExecuteAsync(),
            o => o.Objects.BulkRestoreAsync(
                Bucket,
                new P.BulkRestoreObjectsRequest
                {
                    AllowOverwrite = false,
                    CopySourceAcl = true,
                    MatchGlobs = new List<string> { "logs/**", "*.txt" },
                    SoftDeletedAfterTime = CustomTime,
                    SoftDeletedBeforeTime = CustomTime.AddDays(1),
                })),

        new("objects.getIamPolicy generation", "storage.objects.getIamPolicy", PolicyJson,
            g =>
            {
                var r = g.Objects.GetIamPolicy(Bucket, ObjectName);
                r.Generation = Generation;
                return r.ExecuteAsync();
            },
            o => o.Objects.GetIamPolicyAsync(Bucket, ObjectName, generation: Generation)),

        new("objects.setIamPolicy body", "storage.objects.setIamPolicy", PolicyJson,
            g => g.Objects.SetIamPolicy(new GData.Policy { Bindings = new List<GData.Policy.BindingsData> { new() { Role = "roles/storage.legacyObjectReader", Members = new List<string> { "allAuthenticatedUsers" } } } }, Bucket, ObjectName).ExecuteAsync(),
            o => o.Objects.SetIamPolicyAsync(Bucket, ObjectName, new P.Policy { Bindings = new List<P.PolicyBindingsItem> { new() { Role = "roles/storage.legacyObjectReader", Members = new List<string> { "allAuthenticatedUsers" } } } })),

        new("objects.testIamPermissions repeated permissions and generation", "storage.objects.testIamPermissions", PermissionsJson,
            g =>
            {
                var r = g.Objects.TestIamPermissions(Bucket, ObjectName, new Google.Apis.Util.Repeatable<string>(new[] { "storage.objects.get", "storage.objects.delete" }));
                r.Generation = Generation;
                return r.ExecuteAsync();
            },
            o => o.Objects.TestIamPermissionsAsync(Bucket, ObjectName, new[] { "storage.objects.get", "storage.objects.delete" }, generation: Generation)),

        // ---------------------------------------------------------------- objectAccessControls
        new("objectAccessControls.insert body and generation", "storage.objectAccessControls.insert", ObjectAclJson,
            g =>
            {
                var r = g.ObjectAccessControls.Insert(new GData.ObjectAccessControl { Entity = "user-a@example.com", Role = "READER" }, Bucket, ObjectName);
                r.Generation = Generation;
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.ObjectAccessControls.InsertAsync(Bucket, ObjectName, new P.ObjectAccessControl { Entity = "user-a@example.com", Role = "READER" }, generation: Generation, userProject: BillingProject)),

        new("objectAccessControls.patch entity path segment with '@' and body", "storage.objectAccessControls.patch", ObjectAclJson,
            g =>
            {
                var r = g.ObjectAccessControls.Patch(new GData.ObjectAccessControl { Role = "OWNER" }, Bucket, ObjectName, "group-admins@example.com");
                r.Generation = Generation;
                return r.ExecuteAsync();
            },
            o => o.ObjectAccessControls.PatchAsync(Bucket, ObjectName, "group-admins@example.com", new P.ObjectAccessControl { Role = "OWNER" }, generation: Generation)),

        new("objectAccessControls.update PUT", "storage.objectAccessControls.update", ObjectAclJson,
            g => g.ObjectAccessControls.Update(new GData.ObjectAccessControl { Entity = "domain-example.com", Role = "READER" }, Bucket, ObjectName, "domain-example.com").ExecuteAsync(),
            o => o.ObjectAccessControls.UpdateAsync(Bucket, ObjectName, "domain-example.com", new P.ObjectAccessControl { Entity = "domain-example.com", Role = "READER" })),

        new("objectAccessControls.get", "storage.objectAccessControls.get", ObjectAclJson,
            g => g.ObjectAccessControls.Get(Bucket, ObjectName, "allUsers").ExecuteAsync(),
            o => o.ObjectAccessControls.GetAsync(Bucket, ObjectName, "allUsers")),

        new("objectAccessControls.list generation", "storage.objectAccessControls.list", ObjectAclsJson,
            g =>
            {
                var r = g.ObjectAccessControls.List(Bucket, ObjectName);
                r.Generation = Generation;
                return r.ExecuteAsync();
            },
            o => o.ObjectAccessControls.ListAsync(Bucket, ObjectName, generation: Generation)),

        new("objectAccessControls.delete", "storage.objectAccessControls.delete", NoContent,
            g => g.ObjectAccessControls.Delete(Bucket, ObjectName, "user-a@example.com").ExecuteAsync(),
            o => o.ObjectAccessControls.DeleteAsync(Bucket, ObjectName, "user-a@example.com")),

        // ---------------------------------------------------------------- bucketAccessControls / defaultObjectAccessControls
        new("bucketAccessControls.insert body", "storage.bucketAccessControls.insert", BucketAclJson,
            g => g.BucketAccessControls.Insert(new GData.BucketAccessControl { Entity = "group-g@example.com", Role = "WRITER" }, Bucket).ExecuteAsync(),
            o => o.BucketAccessControls.InsertAsync(Bucket, new P.BucketAccessControl { Entity = "group-g@example.com", Role = "WRITER" })),

        new("bucketAccessControls.list userProject", "storage.bucketAccessControls.list", BucketAclsJson,
            g =>
            {
                var r = g.BucketAccessControls.List(Bucket);
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.BucketAccessControls.ListAsync(Bucket, userProject: BillingProject)),

        new("defaultObjectAccessControls.list int64 preconditions", "storage.defaultObjectAccessControls.list", ObjectAclsJson,
            g =>
            {
                var r = g.DefaultObjectAccessControls.List(Bucket);
                r.IfMetagenerationMatch = Metageneration;
                r.IfMetagenerationNotMatch = 1;
                return r.ExecuteAsync();
            },
            o => o.DefaultObjectAccessControls.ListAsync(Bucket, ifMetagenerationMatch: Metageneration, ifMetagenerationNotMatch: 1)),

        new("defaultObjectAccessControls.patch body", "storage.defaultObjectAccessControls.patch", ObjectAclJson,
            g => g.DefaultObjectAccessControls.Patch(new GData.ObjectAccessControl { Role = "READER" }, Bucket, "project-viewers-123").ExecuteAsync(),
            o => o.DefaultObjectAccessControls.PatchAsync(Bucket, "project-viewers-123", new P.ObjectAccessControl { Role = "READER" })),

        new("bucketAccessControls.patch entity with '@' and body", "storage.bucketAccessControls.patch", BucketAclJson,
            g => g.BucketAccessControls.Patch(new GData.BucketAccessControl { Role = "READER" }, Bucket, "user-a+b@example.com").ExecuteAsync(),
            o => o.BucketAccessControls.PatchAsync(Bucket, "user-a+b@example.com", new P.BucketAccessControl { Role = "READER" })),

        new("bucketAccessControls.delete", "storage.bucketAccessControls.delete", NoContent,
            g => g.BucketAccessControls.Delete(Bucket, "user-a+b@example.com").ExecuteAsync(),
            o => o.BucketAccessControls.DeleteAsync(Bucket, "user-a+b@example.com")),

        new("bucketAccessControls.get", "storage.bucketAccessControls.get", BucketAclJson,
            g => g.BucketAccessControls.Get(Bucket, "group-g@example.com").ExecuteAsync(),
            o => o.BucketAccessControls.GetAsync(Bucket, "group-g@example.com")),

        new("bucketAccessControls.update PUT", "storage.bucketAccessControls.update", BucketAclJson,
            g => g.BucketAccessControls.Update(new GData.BucketAccessControl { Entity = "group-g@example.com", Role = "OWNER" }, Bucket, "group-g@example.com").ExecuteAsync(),
            o => o.BucketAccessControls.UpdateAsync(Bucket, "group-g@example.com", new P.BucketAccessControl { Entity = "group-g@example.com", Role = "OWNER" })),

        new("defaultObjectAccessControls.get", "storage.defaultObjectAccessControls.get", ObjectAclJson,
            g => g.DefaultObjectAccessControls.Get(Bucket, "allUsers").ExecuteAsync(),
            o => o.DefaultObjectAccessControls.GetAsync(Bucket, "allUsers")),

        new("defaultObjectAccessControls.update PUT", "storage.defaultObjectAccessControls.update", ObjectAclJson,
            g => g.DefaultObjectAccessControls.Update(new GData.ObjectAccessControl { Entity = "allUsers", Role = "READER" }, Bucket, "allUsers").ExecuteAsync(),
            o => o.DefaultObjectAccessControls.UpdateAsync(Bucket, "allUsers", new P.ObjectAccessControl { Entity = "allUsers", Role = "READER" })),

        new("defaultObjectAccessControls.delete", "storage.defaultObjectAccessControls.delete", NoContent,
            g => g.DefaultObjectAccessControls.Delete(Bucket, "allUsers").ExecuteAsync(),
            o => o.DefaultObjectAccessControls.DeleteAsync(Bucket, "allUsers")),

        new("defaultObjectAccessControls.insert body", "storage.defaultObjectAccessControls.insert", ObjectAclJson,
            g => g.DefaultObjectAccessControls.Insert(new GData.ObjectAccessControl { Entity = "domain-example.com", Role = "READER" }, Bucket).ExecuteAsync(),
            o => o.DefaultObjectAccessControls.InsertAsync(Bucket, new P.ObjectAccessControl { Entity = "domain-example.com", Role = "READER" })),

        // ---------------------------------------------------------------- notifications
        new("notifications.insert body with repeated event_types and custom_attributes map", "storage.notifications.insert", NotificationJson,
            g =>
            {
                var r = g.Notifications.Insert(
                    new GData.Notification
                    {
                        Topic = "//pubsub.googleapis.com/projects/p/topics/t",
                        PayloadFormat = "JSON_API_V1",
                        EventTypes = new List<string> { "OBJECT_FINALIZE", "OBJECT_DELETE" },
                        CustomAttributes = new Dictionary<string, string> { ["source"] = "parity", ["k 2"] = "v=2" },
                        ObjectNamePrefix = "logs/",
                    },
                    Bucket);
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Notifications.InsertAsync(
                Bucket,
                new P.Notification
                {
                    Topic = "//pubsub.googleapis.com/projects/p/topics/t",
                    PayloadFormat = "JSON_API_V1",
                    EventTypes = new List<string> { "OBJECT_FINALIZE", "OBJECT_DELETE" },
                    CustomAttributes = new Dictionary<string, string?> { ["source"] = "parity", ["k 2"] = "v=2" },
                    ObjectNamePrefix = "logs/",
                },
                userProject: BillingProject)),

        new("notifications.get", "storage.notifications.get", NotificationJson,
            g => g.Notifications.Get(Bucket, "7").ExecuteAsync(),
            o => o.Notifications.GetAsync(Bucket, "7")),

        new("notifications.list", "storage.notifications.list", NotificationsJson,
            g => g.Notifications.List(Bucket).ExecuteAsync(),
            o => o.Notifications.ListAsync(Bucket)),

        new("notifications.delete", "storage.notifications.delete", NoContent,
            g => g.Notifications.Delete(Bucket, "7").ExecuteAsync(),
            o => o.Notifications.DeleteAsync(Bucket, "7")),

        // ---------------------------------------------------------------- projects.hmacKeys / serviceAccount
        new("hmacKeys.create required serviceAccountEmail query", "storage.projects.hmacKeys.create", HmacKeyJson,
            g =>
            {
                var r = g.Projects.HmacKeys.Create(Project, "sa+1@parity-project.iam.gserviceaccount.com");
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Projects.HmacKeys.CreateAsync(Project, "sa+1@parity-project.iam.gserviceaccount.com", userProject: BillingProject)),

        new("hmacKeys.list maxResults/serviceAccountEmail/showDeletedKeys", "storage.projects.hmacKeys.list", HmacListJson,
            g =>
            {
                var r = g.Projects.HmacKeys.List(Project);
                r.MaxResults = 25;
                r.ServiceAccountEmail = "sa+1@parity-project.iam.gserviceaccount.com";
                r.ShowDeletedKeys = true;
                r.PageToken = "next";
                return r.ExecuteAsync();
            },
            o => o.Projects.HmacKeys.ListAsync(Project, maxResults: 25, pageToken: "next", serviceAccountEmail: "sa+1@parity-project.iam.gserviceaccount.com", showDeletedKeys: true)),

        new("hmacKeys.update PUT body state/etag", "storage.projects.hmacKeys.update", HmacMetadataJson,
            g => g.Projects.HmacKeys.Update(new GData.HmacKeyMetadata { State = "INACTIVE", ETag = "\"etag-1\"" }, Project, "GOOG1EXAMPLE").ExecuteAsync(),
            o => o.Projects.HmacKeys.UpdateAsync(Project, "GOOG1EXAMPLE", new P.HmacKeyMetadata { State = "INACTIVE", Etag = "\"etag-1\"" }, options: IfMatch("\"etag-1\""))),

        new("hmacKeys.get", "storage.projects.hmacKeys.get", HmacMetadataJson,
            g => g.Projects.HmacKeys.Get(Project, "GOOG1EXAMPLE").ExecuteAsync(),
            o => o.Projects.HmacKeys.GetAsync(Project, "GOOG1EXAMPLE")),

        new("hmacKeys.delete", "storage.projects.hmacKeys.delete", NoContent,
            g => g.Projects.HmacKeys.Delete(Project, "GOOG1EXAMPLE").ExecuteAsync(),
            o => o.Projects.HmacKeys.DeleteAsync(Project, "GOOG1EXAMPLE")),

        new("serviceAccount.get", "storage.projects.serviceAccount.get", ServiceAccountJson,
            g =>
            {
                var r = g.Projects.ServiceAccount.Get(Project);
                r.UserProject = BillingProject;
                return r.ExecuteAsync();
            },
            o => o.Projects.ServiceAccount.GetAsync(Project, userProject: BillingProject)),

        // ---------------------------------------------------------------- folders / managedFolders / operations
        new("folders.rename two path parameters with '/' and int64 precondition", "storage.folders.rename", OperationJson,
            g =>
            {
                var r = g.Folders.Rename(Bucket, "old dir/sub/", "new dir/sub/");
                r.IfSourceMetagenerationMatch = 4;
                return r.ExecuteAsync();
            },
            o => o.Folders.RenameAsync(Bucket, "old dir/sub/", "new dir/sub/", ifSourceMetagenerationMatch: 4)),

        new("folders.list int32 pageSize and offsets", "storage.folders.list", FoldersJson,
            g =>
            {
                var r = g.Folders.List(Bucket);
                r.PageSize = 10;
                r.Prefix = "a/";
                r.Delimiter = "/";
                return r.ExecuteAsync();
            },
            o => o.Folders.ListAsync(Bucket, delimiter: "/", pageSize: 10, prefix: "a/")),

        new("folders.insert recursive", "storage.folders.insert", FolderJson,
            g =>
            {
                var r = g.Folders.Insert(new GData.Folder { Name = "dir/sub/" }, Bucket);
                r.Recursive = true;
                return r.ExecuteAsync();
            },
            o => o.Folders.InsertAsync(Bucket, new P.Folder { Name = "dir/sub/" }, recursive: true)),

        new("managedFolders.list pageSize/prefix", "storage.managedFolders.list", ManagedFoldersJson,
            g =>
            {
                var r = g.ManagedFolders.List(Bucket);
                r.PageSize = 5;
                r.Prefix = "team/";
                return r.ExecuteAsync();
            },
            o => o.ManagedFolders.ListAsync(Bucket, pageSize: 5, prefix: "team/")),

        new("managedFolders.delete allowNonEmpty and preconditions", "storage.managedFolders.delete", NoContent,
            g =>
            {
                var r = g.ManagedFolders.Delete(Bucket, "team/a/");
                r.AllowNonEmpty = true;
                r.IfMetagenerationMatch = 2;
                return r.ExecuteAsync();
            },
            o => o.ManagedFolders.DeleteAsync(Bucket, "team/a/", allowNonEmpty: true, ifMetagenerationMatch: 2)),

        new("managedFolders.insert body", "storage.managedFolders.insert", CannedResponse.Json("""{"kind":"storage#managedFolder","name":"team/a/"}"""),
            g => g.ManagedFolders.Insert(new GData.ManagedFolder { Name = "team/a/" }, Bucket).ExecuteAsync(),
            o => o.ManagedFolders.InsertAsync(Bucket, new P.ManagedFolder { Name = "team/a/" })),

        new("managedFolders.getIamPolicy managed folder name with '/' and policy version", "storage.managedFolders.getIamPolicy", PolicyJson,
            g =>
            {
                var r = g.ManagedFolders.GetIamPolicy(Bucket, "team/a/");
                r.OptionsRequestedPolicyVersion = 3;
                return r.ExecuteAsync();
            },
            o => o.ManagedFolders.GetIamPolicyAsync(Bucket, "team/a/", optionsRequestedPolicyVersion: 3)),

        new("managedFolders.testIamPermissions repeated permissions", "storage.managedFolders.testIamPermissions", PermissionsJson,
            g => g.ManagedFolders.TestIamPermissions(Bucket, "team/a/", new Google.Apis.Util.Repeatable<string>(new[] { "storage.managedFolders.get", "storage.managedFolders.setIamPolicy" })).ExecuteAsync(),
            o => o.ManagedFolders.TestIamPermissionsAsync(Bucket, "team/a/", new[] { "storage.managedFolders.get", "storage.managedFolders.setIamPolicy" })),

        new("folders.get preconditions", "storage.folders.get", FolderJson,
            g =>
            {
                var r = g.Folders.Get(Bucket, "dir/sub/");
                r.IfMetagenerationMatch = 3;
                r.IfMetagenerationNotMatch = 4;
                return r.ExecuteAsync();
            },
            o => o.Folders.GetAsync(Bucket, "dir/sub/", ifMetagenerationMatch: 3, ifMetagenerationNotMatch: 4)),

        new("anywhereCaches.insert body with google-duration ttl", "storage.anywhereCaches.insert", OperationJson,
            g => g.AnywhereCaches.Insert(new GData.AnywhereCache { Zone = "us-central1-a", Ttl = "86400s", AdmissionPolicy = "admit-on-first-miss" }, Bucket).ExecuteAsync(),
            o => o.AnywhereCaches.InsertAsync(Bucket, new P.AnywhereCache { Zone = "us-central1-a", Ttl = TimeSpan.FromDays(1), AdmissionPolicy = "admit-on-first-miss" })),

        new("anywhereCaches.update PATCH with fractional google-duration", "storage.anywhereCaches.update", OperationJson,
            g => g.AnywhereCaches.Update(new GData.AnywhereCache { Ttl = "3.5s" }, Bucket, "us-central1-a").ExecuteAsync(),
            o => o.AnywhereCaches.UpdateAsync(Bucket, "us-central1-a", new P.AnywhereCache { Ttl = TimeSpan.FromSeconds(3.5) })),

        new("anywhereCaches.list pageSize/pageToken", "storage.anywhereCaches.list", CannedResponse.Json("""{"kind":"storage#anywhereCaches","items":[]}"""),
            g =>
            {
                var r = g.AnywhereCaches.List(Bucket);
                r.PageSize = 7;
                r.PageToken = "p/2";
                return r.ExecuteAsync();
            },
            o => o.AnywhereCaches.ListAsync(Bucket, pageSize: 7, pageToken: "p/2")),

        new("anywhereCaches.pause body-less POST", "storage.anywhereCaches.pause", CannedResponse.Json("""{"kind":"storage#anywhereCache","state":"paused"}"""),
            g => g.AnywhereCaches.Pause(Bucket, "us-central1-a").ExecuteAsync(),
            o => o.AnywhereCaches.PauseAsync(Bucket, "us-central1-a")),

        new("buckets.operations.get", "storage.buckets.operations.get", OperationJson,
            g => g.Operations.Get(Bucket, "op-1").ExecuteAsync(),
            o => o.Operations.GetAsync(Bucket, "op-1")),

        new("managedFolders.get preconditions", "storage.managedFolders.get", CannedResponse.Json("""{"kind":"storage#managedFolder","name":"team/a/"}"""),
            g =>
            {
                var r = g.ManagedFolders.Get(Bucket, "team/a/");
                r.IfMetagenerationMatch = 1;
                return r.ExecuteAsync();
            },
            o => o.ManagedFolders.GetAsync(Bucket, "team/a/", ifMetagenerationMatch: 1)),

        new("managedFolders.setIamPolicy body", "storage.managedFolders.setIamPolicy", PolicyJson,
            g => g.ManagedFolders.SetIamPolicy(new GData.Policy { Bindings = new List<GData.Policy.BindingsData> { new() { Role = "roles/storage.objectUser", Members = new List<string> { "group:team@example.com" } } } }, Bucket, "team/a/").ExecuteAsync(),
            o => o.ManagedFolders.SetIamPolicyAsync(Bucket, "team/a/", new P.Policy { Bindings = new List<P.PolicyBindingsItem> { new() { Role = "roles/storage.objectUser", Members = new List<string> { "group:team@example.com" } } } })),

        new("folders.delete preconditions", "storage.folders.delete", NoContent,
            g =>
            {
                var r = g.Folders.Delete(Bucket, "dir/sub/");
                r.IfMetagenerationMatch = 3;
                return r.ExecuteAsync();
            },
            o => o.Folders.DeleteAsync(Bucket, "dir/sub/", ifMetagenerationMatch: 3)),

        new("anywhereCaches.get", "storage.anywhereCaches.get", CannedResponse.Json("""{"kind":"storage#anywhereCache","ttl":"86400s"}"""),
            g => g.AnywhereCaches.Get(Bucket, "us-central1-a").ExecuteAsync(),
            o => o.AnywhereCaches.GetAsync(Bucket, "us-central1-a")),

        new("anywhereCaches.disable body-less POST", "storage.anywhereCaches.disable", CannedResponse.Json("""{"kind":"storage#anywhereCache","state":"disabled"}"""),
            g => g.AnywhereCaches.Disable(Bucket, "us-central1-a").ExecuteAsync(),
            o => o.AnywhereCaches.DisableAsync(Bucket, "us-central1-a")),

        new("anywhereCaches.resume body-less POST", "storage.anywhereCaches.resume", CannedResponse.Json("""{"kind":"storage#anywhereCache","state":"running"}"""),
            g => g.AnywhereCaches.Resume(Bucket, "us-central1-a").ExecuteAsync(),
            o => o.AnywhereCaches.ResumeAsync(Bucket, "us-central1-a")),

        new("buckets.operations.list filter/pageSize", "storage.buckets.operations.list", OperationsJson,
            g =>
            {
                var r = g.Operations.List(Bucket);
                r.Filter = "done = false";
                r.PageSize = 20;
                return r.ExecuteAsync();
            },
            o => o.Operations.ListAsync(Bucket, filter: "done = false", pageSize: 20)),

        new("buckets.operations.cancel", "storage.buckets.operations.cancel", NoContent,
            g => g.Operations.Cancel(Bucket, "op-1").ExecuteAsync(),
            o => o.Operations.CancelAsync(Bucket, "op-1")),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static ParityCase<G.StorageService, PS> Get(string name) => All.Single(c => c.Name == name);
}
#endif
