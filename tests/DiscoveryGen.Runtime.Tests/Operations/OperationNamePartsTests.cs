using System;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Operations;

/// <summary>
/// An <c>operations.get</c> that takes the operation's name in pieces (Cloud Storage, App Engine) gets them from the name
/// the operation carries: each path parameter's value follows the collection it names.
/// </summary>
public sealed class OperationNamePartsTests
{
    [Fact]
    public void CloudStoragesName_GivesTheBucketAndTheOperationId()
    {
        Assert.Equal(
            new[] { "my-bucket", "CiQ2NzA1" },
            OperationNameParts.Arguments("projects/_/buckets/my-bucket/operations/CiQ2NzA1", "bucket", "operationId"));
    }

    [Fact]
    public void AppEnginesNames_GiveTheirIds()
    {
        Assert.Equal(new[] { "my-app", "abc" }, OperationNameParts.Arguments("apps/my-app/operations/abc", "appsId", "operationsId"));
        Assert.Equal(
            new[] { "p", "us-central1", "op-1" },
            OperationNameParts.Arguments("projects/p/locations/us-central1/operations/op-1", "projectsId", "locationsId", "operationsId"));
    }

    [Fact]
    public void OnlyCollectionSegments_Count_AndTheLastFittingOneWins()
    {
        // "operations" as a value (odd segment) is not a collection; of two "operations" collections the last wins.
        Assert.Equal(new[] { "x" }, OperationNameParts.Arguments("buckets/operations/operations/x", "operationId"));
        Assert.Equal(new[] { "inner" }, OperationNameParts.Arguments("operations/outer/operations/inner", "operationId"));
    }

    [Theory]
    [InlineData("projects/_/buckets/my-bucket", "operation")]
    [InlineData("projects/_/operations/abc", "bucket")]
    [InlineData("projects/_/buckets//operations/abc", "bucket")]
    [InlineData("projects/_/buckets/my-bucket/operations", "operation")]
    [InlineData("projects/_/bucketsX/my-bucket/operations/abc", "bucket")]
    public void ANameWithoutAPiece_IsAnArgumentException_NamingIt(string name, string missing)
    {
        var error = Assert.Throws<ArgumentException>(() => OperationNameParts.Arguments(name, "bucket", "operationId"));

        Assert.Equal("name", error.ParamName);
        Assert.Contains("'" + missing + "s/…'", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Null(OperationNameParts.TryArguments(name, "bucket", "operationId"));
    }

    [Fact]
    public void NullOrEmpty_IsRefused_OrNull()
    {
        Assert.Throws<ArgumentNullException>(() => OperationNameParts.Arguments(null, "bucket"));
        Assert.Throws<ArgumentException>(() => OperationNameParts.Arguments("", "bucket"));
        Assert.Null(OperationNameParts.TryArguments(null, "bucket"));
        Assert.Null(OperationNameParts.TryArguments("", "bucket"));
    }
}
