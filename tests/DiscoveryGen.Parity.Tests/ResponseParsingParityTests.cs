#if PARITY_CORPUS
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using DiscoveryGen.Parity.Tests.Infrastructure;
using DiscoveryGen.Tests.Shared;
using Xunit;
using G = Google.Apis.Storage.v1;
using GO = Google.Apis.Oauth2.v2;
using PO = Parity.Oauth2.Oauth2Service;
using PS = Parity.Storage.StorageService;

namespace DiscoveryGen.Parity.Tests;

/// <summary>
/// Both clients parse the same response body into equal values: int64/uint64 (as JSON strings, and as JSON numbers),
/// date-time with milli- and nanosecond fractions and offsets, maps, arrays of nested objects, bytes, booleans.
/// </summary>
[Trait("Needs", "SharedCorpus")]
public sealed class ResponseParsingParityTests
{
    private const string ObjectBody = """
        {
          "kind": "storage#object",
          "id": "parity-bucket/logs/a.txt/1717171717171717",
          "selfLink": "https://www.googleapis.com/storage/v1/b/parity-bucket/o/logs%2Fa.txt",
          "mediaLink": "https://storage.googleapis.com/download/storage/v1/b/parity-bucket/o/logs%2Fa.txt?generation=1717171717171717&alt=media",
          "name": "logs/a.txt",
          "bucket": "parity-bucket",
          "generation": "1717171717171717",
          "metageneration": "3",
          "contentType": "text/plain",
          "storageClass": "STANDARD",
          "size": "9007199254740993",
          "md5Hash": "XrY7u+Ae7tCTyyK7j1rNww==",
          "crc32c": "yZRlqg==",
          "etag": "CJWr2/f+1YYDEAM=",
          "componentCount": 2,
          "eventBasedHold": false,
          "temporaryHold": true,
          "timeCreated": "2024-05-01T08:00:00.123Z",
          "updated": "2024-05-02T09:30:15.987654321Z",
          "customTime": "2024-05-01T10:00:00+02:00",
          "timeStorageClassUpdated": "2024-05-01T08:00:00.123Z",
          "metadata": { "owner": "parity", "note with spaces": "ünïcode & \"quotes\"" },
          "acl": [ { "kind": "storage#objectAccessControl", "entity": "allUsers", "role": "READER", "generation": "1717171717171717" } ],
          "owner": { "entity": "user-a@example.com", "entityId": "00b4903a97" },
          "unknownFutureField": { "nested": [1, 2, 3] }
        }
        """;

    private const string ObjectBodyWithNumbers = """
        {"kind":"storage#object","name":"n","bucket":"b","generation":1717171717171717,"metageneration":3,"size":42}
        """;

    private const string BucketsBody = """
        {
          "kind": "storage#buckets",
          "nextPageToken": "page-2",
          "items": [
            {
              "kind": "storage#bucket", "id": "b1", "name": "b1", "location": "EU", "locationType": "multi-region",
              "projectNumber": "123456789012", "metageneration": "5", "storageClass": "STANDARD",
              "timeCreated": "2023-01-02T03:04:05.678Z", "updated": "2024-02-03T04:05:06Z",
              "labels": { "env": "prod", "team": "parity" },
              "versioning": { "enabled": true },
              "retentionPolicy": { "retentionPeriod": "86400", "effectiveTime": "2023-01-02T03:04:05Z", "isLocked": false },
              "lifecycle": { "rule": [ { "action": { "type": "Delete" }, "condition": { "age": 30, "createdBefore": "2024-01-15" } } ] }
            },
            { "kind": "storage#bucket", "id": "b2", "name": "b2", "location": "US-EAST1", "metageneration": "1" }
          ]
        }
        """;

    private const string PolicyBody = """
        {"kind":"storage#policy","resourceId":"projects/_/buckets/parity-bucket","version":3,"etag":"CAE=",
         "bindings":[{"role":"roles/storage.objectViewer","members":["allUsers","user:a@example.com"],
                      "condition":{"title":"t","expression":"request.time < timestamp(\"2025-01-01T00:00:00Z\")"}}]}
        """;

    private const string RewriteBody = """
        {"kind":"storage#rewriteResponse","totalBytesRewritten":"1048576","objectSize":"4194304","done":true,
         "resource":{"kind":"storage#object","name":"copies/x","bucket":"dest-bucket","generation":"2","size":"4194304"}}
        """;

    private const string HmacKeyBody = """
        {"kind":"storage#hmacKey","secret":"bXktc2VjcmV0",
         "metadata":{"kind":"storage#hmacKeyMetadata","id":"p/GOOG1","accessId":"GOOG1","projectId":"p","serviceAccountEmail":"sa@p.iam.gserviceaccount.com",
                     "state":"ACTIVE","timeCreated":"2024-01-01T00:00:00Z","updated":"2024-01-02T00:00:00.500Z","etag":"e1"}}
        """;

    [Fact]
    public async Task ObjectsGet_ParsesInt64DateTimeMetadataAndAclAlike()
    {
        var (g, o) = await ParseStorageAsync(
            ObjectBody,
            s => s.Objects.Get("parity-bucket", "logs/a.txt").ExecuteAsync(),
            s => s.Objects.GetAsync("parity-bucket", "logs/a.txt"));

        Assert.Equal(1717171717171717L, g.Generation);
        Assert.Equal(g.Generation, o.Generation);
        Assert.Equal(3L, g.Metageneration);
        Assert.Equal(g.Metageneration, o.Metageneration);
        Assert.Equal(9007199254740993UL, g.Size);
        Assert.Equal(g.Size, o.Size);
        Assert.Equal(2, g.ComponentCount);
        Assert.Equal(g.ComponentCount, o.ComponentCount);
        Assert.Equal(g.EventBasedHold, o.EventBasedHold);
        Assert.Equal(g.TemporaryHold, o.TemporaryHold);
        Assert.Equal(g.Name, o.Name);
        Assert.Equal(g.Bucket, o.Bucket);
        Assert.Equal(g.Id, o.Id);
        Assert.Equal(g.Kind, o.Kind);
        Assert.Equal(g.SelfLink, o.SelfLink);
        Assert.Equal(g.MediaLink, o.MediaLink);
        Assert.Equal(g.ContentType, o.ContentType);
        Assert.Equal(g.StorageClass, o.StorageClass);
        Assert.Equal(g.Md5Hash, o.Md5Hash);
        Assert.Equal(g.Crc32c, o.Crc32c);
        Assert.Equal(g.ETag, o.Etag);

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, 123, TimeSpan.Zero), g.TimeCreatedDateTimeOffset);
        Assert.Equal(g.TimeCreatedDateTimeOffset, o.TimeCreated);
        Assert.Equal(g.TimeStorageClassUpdatedDateTimeOffset, o.TimeStorageClassUpdated);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), g.CustomTimeDateTimeOffset);
        Assert.Equal(g.CustomTimeDateTimeOffset, o.CustomTime);
        Assert.Equal("2024-05-02T09:30:15.987654321Z", g.UpdatedRaw);
        Assert.NotNull(g.UpdatedDateTimeOffset);
        Assert.NotNull(o.Updated);
        Assert.Equal(g.UpdatedDateTimeOffset!.Value.UtcTicks, o.Updated!.Value.UtcTicks);

        Assert.Equal(new Dictionary<string, string> { ["owner"] = "parity", ["note with spaces"] = "ünïcode & \"quotes\"" }, g.Metadata);
        Assert.Equal(g.Metadata, o.Metadata);
        Assert.Equal(g.Acl.Select(a => ((string?)a.Entity, (string?)a.Role, a.Generation, (string?)a.Kind)), o.Acl!.Select(a => (a.Entity, a.Role, a.Generation, a.Kind)));
        Assert.Equal(g.Owner.Entity, o.Owner!.Entity);
        Assert.Equal(g.Owner.EntityId, o.Owner.EntityId);
    }

    [Fact]
    public async Task ObjectsGet_Int64SentAsJsonNumbers_ParsesAlike()
    {
        var (g, o) = await ParseStorageAsync(
            ObjectBodyWithNumbers,
            s => s.Objects.Get("b", "n").ExecuteAsync(),
            s => s.Objects.GetAsync("b", "n"));

        Assert.Equal(1717171717171717L, g.Generation);
        Assert.Equal(g.Generation, o.Generation);
        Assert.Equal(g.Metageneration, o.Metageneration);
        Assert.Equal(42UL, g.Size);
        Assert.Equal(g.Size, o.Size);
    }

    [Fact]
    public async Task BucketsList_ParsesItemsAlike()
    {
        var (g, o) = await ParseStorageAsync(
            BucketsBody,
            s => s.Buckets.List("parity-project").ExecuteAsync(),
            s => s.Buckets.ListAsync("parity-project"));

        Assert.Equal("page-2", g.NextPageToken);
        Assert.Equal(g.NextPageToken, o.NextPageToken);
        Assert.Equal(g.Kind, o.Kind);
        Assert.Equal(2, g.Items.Count);
        Assert.Equal(g.Items.Count, o.Items!.Count);
        for (var i = 0; i < g.Items.Count; i++)
        {
            var gb = g.Items[i];
            var ob = o.Items[i];
            Assert.Equal(gb.Name, ob.Name);
            Assert.Equal(gb.Id, ob.Id);
            Assert.Equal(gb.Location, ob.Location);
            Assert.Equal(gb.LocationType, ob.LocationType);
            Assert.Equal(gb.Metageneration, ob.Metageneration);
            Assert.Equal(gb.ProjectNumber, ob.ProjectNumber);
            Assert.Equal(gb.StorageClass, ob.StorageClass);
            Assert.Equal(gb.TimeCreatedDateTimeOffset, ob.TimeCreated);
            Assert.Equal(gb.UpdatedDateTimeOffset, ob.Updated);
            Assert.Equal(gb.Labels, ob.Labels);
            Assert.Equal(gb.Versioning?.Enabled, ob.Versioning?.Enabled);
            Assert.Equal(gb.RetentionPolicy?.RetentionPeriod, ob.RetentionPolicy?.RetentionPeriod);
            Assert.Equal(gb.RetentionPolicy?.EffectiveTimeDateTimeOffset, ob.RetentionPolicy?.EffectiveTime);
            Assert.Equal(gb.RetentionPolicy?.IsLocked, ob.RetentionPolicy?.IsLocked);
            Assert.Equal(gb.Lifecycle?.Rule.Count, ob.Lifecycle?.Rule?.Count);
        }

        // Spot-check that the values really arrived (equal nulls would prove nothing).
        Assert.Equal(123456789012UL, (ulong?)g.Items[0].ProjectNumber);
        Assert.Equal(5L, o.Items[0].Metageneration);
        Assert.Equal(86400L, o.Items[0].RetentionPolicy!.RetentionPeriod);
        Assert.Equal(new DateTimeOffset(2023, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), o.Items[0].TimeCreated);
        Assert.Equal("Delete", g.Items[0].Lifecycle.Rule[0].Action.Type);
        Assert.Equal(g.Items[0].Lifecycle.Rule[0].Action.Type, o.Items[0].Lifecycle!.Rule![0].Action!.Type);
        Assert.Equal(g.Items[0].Lifecycle.Rule[0].Condition.Age, o.Items[0].Lifecycle!.Rule![0].Condition!.Age);
        // date format: Google.Apis keeps the string, DiscoveryGen parses a DateOnly.
        Assert.Equal("2024-01-15", g.Items[0].Lifecycle.Rule[0].Condition.CreatedBefore);
        Assert.Equal(new DateOnly(2024, 1, 15), o.Items[0].Lifecycle!.Rule![0].Condition!.CreatedBefore);
    }

    [Fact]
    public async Task BucketsGetIamPolicy_ParsesBindingsAndEtagAlike()
    {
        var (g, o) = await ParseStorageAsync(
            PolicyBody,
            s => s.Buckets.GetIamPolicy("parity-bucket").ExecuteAsync(),
            s => s.Buckets.GetIamPolicyAsync("parity-bucket"));

        Assert.Equal(3, g.Version);
        Assert.Equal(g.Version, o.Version);
        Assert.Equal(g.ResourceId, o.ResourceId);
        Assert.Equal(g.Kind, o.Kind);
        // format: byte. Google.Apis keeps the base64 text, DiscoveryGen decodes to bytes.
        Assert.Equal("CAE=", g.ETag);
        Assert.Equal(Convert.FromBase64String(g.ETag), o.Etag);
        Assert.Equal(g.Bindings.Count, o.Bindings!.Count);
        Assert.Equal(g.Bindings[0].Role, o.Bindings[0].Role);
        Assert.Equal(g.Bindings[0].Members, o.Bindings[0].Members);
        Assert.Equal(g.Bindings[0].Condition.Title, o.Bindings[0].Condition!.Title);
        Assert.Equal(g.Bindings[0].Condition.Expression, o.Bindings[0].Condition!.Expression);
    }

    [Fact]
    public async Task ObjectsRewrite_ParsesInt64ProgressAndNestedResourceAlike()
    {
        var (g, o) = await ParseStorageAsync(
            RewriteBody,
            s => s.Objects.Rewrite(new Google.Apis.Storage.v1.Data.Object(), "b", "o", "dest-bucket", "copies/x").ExecuteAsync(),
            s => s.Objects.RewriteAsync("b", "o", "dest-bucket", "copies/x", new global::Parity.Storage.Object()));

        Assert.Equal(1048576L, g.TotalBytesRewritten);
        Assert.Equal(g.TotalBytesRewritten, o.TotalBytesRewritten);
        Assert.Equal(g.ObjectSize, o.ObjectSize);
        Assert.Equal(g.Done, o.Done);
        Assert.Equal(g.Resource.Name, o.Resource!.Name);
        Assert.Equal(g.Resource.Generation, o.Resource.Generation);
        Assert.Equal(g.Resource.Size, o.Resource.Size);
    }

    [Fact]
    public async Task HmacKeysCreate_ParsesSecretAndMetadataAlike()
    {
        var (g, o) = await ParseStorageAsync(
            HmacKeyBody,
            s => s.Projects.HmacKeys.Create("p", "sa@p.iam.gserviceaccount.com").ExecuteAsync(),
            s => s.Projects.HmacKeys.CreateAsync("p", "sa@p.iam.gserviceaccount.com"));

        Assert.Equal("bXktc2VjcmV0", g.Secret);
        Assert.Equal(g.Secret, o.Secret);
        Assert.Equal(g.Metadata.AccessId, o.Metadata!.AccessId);
        Assert.Equal(g.Metadata.State, o.Metadata.State);
        Assert.Equal(g.Metadata.ServiceAccountEmail, o.Metadata.ServiceAccountEmail);
        Assert.Equal(g.Metadata.ETag, o.Metadata.Etag);
        Assert.Equal(g.Metadata.TimeCreatedDateTimeOffset, o.Metadata.TimeCreated);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, 500, TimeSpan.Zero), o.Metadata.Updated);
        Assert.Equal(g.Metadata.UpdatedDateTimeOffset, o.Metadata.Updated);
    }

    [Fact]
    public async Task Oauth2Tokeninfo_ParsesAlike()
    {
        var (g, o) = await ParseOauth2Async(
            Oauth2ParityCases.TokeninfoBody,
            s =>
            {
                var r = s.Tokeninfo();
                r.AccessToken = "t";
                return r.ExecuteAsync();
            },
            s => s.TokeninfoAsync(accessToken: "t"));

        Assert.Equal(3599, g.ExpiresIn);
        Assert.Equal(g.ExpiresIn, o.ExpiresIn);
        Assert.Equal(true, g.VerifiedEmail);
        Assert.Equal(g.VerifiedEmail, o.VerifiedEmail);
        Assert.Equal(g.Email, o.Email);
        Assert.Equal(g.Audience, o.Audience);
        Assert.Equal(g.IssuedTo, o.IssuedTo);
        Assert.Equal(g.UserId, o.UserId);
        Assert.Equal(g.Scope, o.Scope);
    }

    [Fact]
    public async Task Oauth2Userinfo_ParsesAlike_ForBothUserinfoMethods()
    {
        var (g, o) = await ParseOauth2Async(Oauth2ParityCases.UserinfoBody, s => s.Userinfo.Get().ExecuteAsync(), s => s.Userinfo.GetAsync());
        var (g2, o2) = await ParseOauth2Async(Oauth2ParityCases.UserinfoBody, s => s.Userinfo.V2.Me.Get().ExecuteAsync(), s => s.Userinfo.V2.Me.GetAsync());

        foreach (var (gu, ou) in new[] { (g, o), (g2, o2) })
        {
            Assert.Equal("Aino Bäck", gu.Name);
            Assert.Equal(gu.Id, ou.Id);
            Assert.Equal(gu.Email, ou.Email);
            Assert.Equal(gu.VerifiedEmail, ou.VerifiedEmail);
            Assert.Equal(gu.Name, ou.Name);
            Assert.Equal(gu.GivenName, ou.GivenName);
            Assert.Equal(gu.FamilyName, ou.FamilyName);
            Assert.Equal(gu.Picture, ou.Picture);
            Assert.Equal(gu.Locale, ou.Locale);
            Assert.Equal(gu.Hd, ou.Hd);
        }
    }

    private static async Task<(TGoogle Google, TOurs Ours)> ParseStorageAsync<TGoogle, TOurs>(
        string body, Func<G.StorageService, Task<TGoogle>> google, Func<PS, Task<TOurs>> ours)
    {
        await using var server = await LoopbackServer.StartAsync(_ => CannedResponse.Json(body));
        using var googleService = ParityHarness.GoogleStorage(server);
        using var http = new HttpClient();
        return (await google(googleService), await ours(ParityHarness.OurStorage(http, server)));
    }

    private static async Task<(TGoogle Google, TOurs Ours)> ParseOauth2Async<TGoogle, TOurs>(
        string body, Func<GO.Oauth2Service, Task<TGoogle>> google, Func<PO, Task<TOurs>> ours)
    {
        await using var server = await LoopbackServer.StartAsync(_ => CannedResponse.Json(body));
        using var googleService = ParityHarness.GoogleOauth2(server);
        using var http = new HttpClient();
        return (await google(googleService), await ours(ParityHarness.OurOauth2(http, server)));
    }
}
#endif
