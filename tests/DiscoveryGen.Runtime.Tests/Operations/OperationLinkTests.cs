using System;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Operations;

/// <summary>
/// A Compute-style operation (Cloud SQL, GKE, Deployment Manager) is polled through its <c>selfLink</c>: the arguments of
/// <c>operations.get</c> are read from the end of the link's path, matched against the method's path template; the
/// link's host and API version never matter.
/// </summary>
public sealed class OperationLinkTests
{
    [Fact]
    public void CloudSqlsLink_GivesTheProjectAndTheOperation_WhateverTheApiVersionBeforeThem()
    {
        Assert.Equal(
            new[] { "my-project", "1a2b-3c" },
            OperationLink.Arguments("https://sqladmin.googleapis.com/sql/v1beta4/projects/my-project/operations/1a2b-3c", "projects/{project}/operations/{operation}", "project", "operation"));
    }

    [Fact]
    public void DeploymentManagersLink_MatchesAroundItsGlobalSegment_InTheOrderAsked()
    {
        Assert.Equal(
            new[] { "op-9", "p" },
            OperationLink.Arguments("https://www.googleapis.com/deploymentmanager/v2/projects/p/global/operations/op-9", "projects/{project}/global/operations/{operation}", "operation", "project"));
    }

    [Fact]
    public void ComputeEnginesLink_MatchesATemplateThatStartsWithAVariable()
    {
        // Older Compute Engine documents put "projects/" in the service path: their paths start at {project}.
        Assert.Equal(
            new[] { "p", "us-central1-a", "operation-1" },
            OperationLink.Arguments("https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/operations/operation-1", "{project}/zones/{zone}/operations/{operation}", "project", "zone", "operation"));
        Assert.Null(OperationLink.TryArguments("https://www.googleapis.com/compute/v1/projects/p/global/operations/operation-1", "{project}/zones/{zone}/operations/{operation}", "project", "zone", "operation"));
    }

    [Fact]
    public void GkesRegionalLink_GivesItsPathAsTheName_AndAZonalTemplateDoesNotMatchIt()
    {
        const string Link = "https://container.googleapis.com/v1/projects/123/locations/us-central1/operations/operation-1";

        Assert.Equal("projects/123/locations/us-central1/operations/operation-1", OperationLink.Name(Link, "projects/{projectsId}/locations/{locationsId}/operations/{operationsId}"));
        Assert.Null(OperationLink.TryArguments(Link, "projects/{projectId}/zones/{zone}/operations/{operationId}", "projectId", "zone", "operationId"));
    }

    [Fact]
    public void APathWithoutSchemeAndHost_Matches()
    {
        Assert.Equal(new[] { "p", "op" }, OperationLink.TryArguments("projects/p/operations/op", "projects/{project}/operations/{operation}", "project", "operation"));
        Assert.Equal(new[] { "p", "op" }, OperationLink.TryArguments("/v1/projects/p/operations/op", "projects/{project}/operations/{operation}", "project", "operation"));
    }

    [Fact]
    public void Pieces_ArePercentDecoded_TheNameIsKeptAsItIs()
    {
        // A path parameter is escaped again when sent; a {+name} keeps percent-encoded triplets.
        Assert.Equal(new[] { "op 1/x" }, OperationLink.TryArguments("https://h/v1/operations/op%201%2Fx", "operations/{operation}", "operation"));
        Assert.Equal("operations/op%201", OperationLink.TryName("https://h/v1/operations/op%201", "operations/{operation}"));
    }

    [Theory]
    [InlineData("https://h/v1/projects/p/operations/op/extra")]
    [InlineData("https://h/v1/projects/p/operations/")]
    [InlineData("https://h/v1/projects//operations/op")]
    [InlineData("https://h/v1/projects/p/instances/op")]
    [InlineData("https://h/v1/projects/p/operations/op?alt=json")]
    [InlineData("https://h/v1/projects/p/operations/op#x")]
    [InlineData("operations/op")]
    [InlineData("https://h")]
    [InlineData("")]
    [InlineData(null)]
    public void ALinkThatDoesNotEndWithTheTemplate_IsNotMatched(string? link)
    {
        const string Template = "projects/{project}/operations/{operation}";

        Assert.Null(OperationLink.TryArguments(link, Template, "project", "operation"));
        Assert.Null(OperationLink.TryName(link, Template));
        var error = Assert.ThrowsAny<ArgumentException>(() => OperationLink.Check(link, Template));
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Check_AcceptsALinkThatEndsWithAnyTemplate_AndNamesThemAllWhenNone()
    {
        OperationLink.Check("https://h/v1/projects/p/zones/z/operations/op", "projects/{a}/locations/{b}/operations/{c}", "projects/{a}/zones/{b}/operations/{c}");

        var error = Assert.Throws<ArgumentException>(() => OperationLink.Check("projects/p/operations/op", "projects/{a}/locations/{b}/operations/{c}", "projects/{a}/zones/{b}/operations/{c}"));
        Assert.Contains("'projects/{a}/locations/{b}/operations/{c}' or 'projects/{a}/zones/{b}/operations/{c}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariableTheTemplateLacks_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => OperationLink.TryArguments("projects/p/operations/op", "projects/{project}/operations/{operation}", "zone"));
    }
}
