using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>The shape and metadata of the client the build generated (the issue's user view, checked on the real output).</summary>
public sealed class GeneratedMetadataTests
{
    private static readonly MethodInfo Cancel = typeof(CloudAICompanionService.ProjectsResource.LocationsResource.OperationsResource)
        .GetMethod(nameof(CloudAICompanionService.ProjectsResource.LocationsResource.OperationsResource.CancelAsync))!;

    [Fact]
    public void CancelAsync_CarriesDiscoveryScopesAndPermissionAttributes()
    {
        var method = Cancel.GetCustomAttribute<DiscoveryMethodAttribute>()!;
        Assert.Equal("cloudaicompanion.projects.locations.operations.cancel", method.Id);
        Assert.Equal("POST", method.HttpMethod);
        Assert.Equal("v1/{+name}:cancel", method.Path);
        Assert.Equal(new[] { "https://www.googleapis.com/auth/cloud-platform" }, Cancel.GetCustomAttribute<RequiredScopesAttribute>()!.Scopes);
        var permissions = Cancel.GetCustomAttribute<RequiredPermissionsAttribute>()!;
        Assert.Equal(new[] { "cloudaicompanion.operations.cancel" }, permissions.Permissions);
        Assert.False(permissions.AnyOf);
    }

    [Fact]
    public void CancelAsync_HasTheSignatureTheIssueSpecifies()
    {
        Assert.Equal(typeof(Task), Cancel.ReturnType);
        var parameters = Cancel.GetParameters();
        Assert.Equal(new[] { "name", "options", "cancellationToken" }, parameters.Select(p => p.Name).ToArray());
        Assert.Equal(new[] { typeof(string), typeof(RequestOptions), typeof(CancellationToken) }, parameters.Select(p => p.ParameterType).ToArray());
        Assert.True(parameters[1].IsOptional);
        Assert.True(parameters[2].IsOptional);
    }

    [Fact]
    public void MethodsWithoutSidecarPermissions_GetNoPermissionAttribute()
    {
        var setIamPolicy = typeof(CloudAICompanionService.ProjectsResource.LocationsResource.CodeRepositoryIndexesResource.RepositoryGroupsResource)
            .GetMethod("SetIamPolicyAsync")!;
        Assert.NotNull(setIamPolicy.GetCustomAttribute<DiscoveryMethodAttribute>());
        Assert.Null(setIamPolicy.GetCustomAttribute<RequiredPermissionsAttribute>());

        var getIamPolicy = typeof(CloudAICompanionService.ProjectsResource.LocationsResource.CodeRepositoryIndexesResource.RepositoryGroupsResource)
            .GetMethod("GetIamPolicyAsync")!.GetCustomAttribute<RequiredPermissionsAttribute>()!;
        Assert.True(getIamPolicy.AnyOf);
        Assert.Equal(2, getIamPolicy.Permissions.Length);
    }

    [Fact]
    public void MethodTable_MatchesTheAttributesOfEveryGeneratedMethod()
    {
        var table = CloudAICompanionService.Methods;
        Assert.Equal(89, table.Count);
        Assert.Equal(table.Select(m => m.Id).OrderBy(id => id, StringComparer.Ordinal), table.Select(m => m.Id));

        var attributed = AllResourceTypes(typeof(CloudAICompanionService))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<DiscoveryMethodAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToDictionary(x => x.Attribute!.Id, x => x.Method);
        Assert.Equal(table.Count, attributed.Count);
        foreach (var row in table)
        {
            var method = attributed[row.Id];
            var attribute = method.GetCustomAttribute<DiscoveryMethodAttribute>()!;
            Assert.Equal(row.HttpMethodName, attribute.HttpMethod);
            Assert.Equal(row.Path, attribute.Path);
            Assert.Equal(row.Scopes, method.GetCustomAttribute<RequiredScopesAttribute>()!.Scopes);
            Assert.Equal(row.Permissions, method.GetCustomAttribute<RequiredPermissionsAttribute>()?.Permissions ?? Array.Empty<string>());
        }

        var cancel = table.Single(m => m.Id == "cloudaicompanion.projects.locations.operations.cancel");
        Assert.Equal("v1/projects/{projectsId}/locations/{locationsId}/operations/{operationsId}:cancel", cancel.FlatPath);
        Assert.Equal(System.Net.Http.HttpMethod.Post, cancel.HttpMethod);
    }

    [Fact]
    public void Service_ExposesDocumentFacts()
    {
        Assert.Equal(new Uri("https://cloudaicompanion.googleapis.com/"), CloudAICompanionService.DefaultBaseUri);
        Assert.Equal(new Uri("https://cloudaicompanion.mtls.googleapis.com/"), CloudAICompanionService.MtlsBaseUri);
        Assert.Equal("cloudaicompanion", CloudAICompanionService.ApiName);
        Assert.Equal("v1", CloudAICompanionService.ApiVersion);
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", CloudAICompanionService.CloudPlatformScope);

        using var http = new System.Net.Http.HttpClient();
        Assert.Equal(CloudAICompanionService.DefaultBaseUri, new CloudAICompanionService(http).Client.BaseUri);
    }

    private static System.Collections.Generic.IEnumerable<Type> AllResourceTypes(Type type)
    {
        yield return type;
        foreach (var nested in type.GetNestedTypes().Where(t => t.Name.EndsWith("Resource", StringComparison.Ordinal)))
        {
            foreach (var inner in AllResourceTypes(nested))
            {
                yield return inner;
            }
        }
    }
}
