using System;
using DiscoveryGen.Runtime;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Requests;

public sealed class ResourceNameTemplateTests
{
    private static readonly ResourceNameTemplate<Name3> Operation = new("projects/{Project}/locations/{Location}/operations/{Operation}", c => new(c[0], c[1], c[2]));

    /// <summary>Stands in for a generated name type.</summary>
    private readonly record struct Name3(string A, string B, string C);

    [Fact]
    public void Components_AreTheBracedSegmentsInOrder()
    {
        Assert.Equal(new[] { "Project", "Location", "Operation" }, Operation.Components);
        Assert.Equal("projects/{Project}/locations/{Location}/operations/{Operation}", Operation.ToString());
    }

    [Fact]
    public void Match_OfANameOfTheShape_GivesItsComponents() =>
        Assert.Equal(new[] { "p1", "global", "op-1" }, Operation.Match("projects/p1/locations/global/operations/op-1"));

    [Theory]
    [InlineData("projects/p1/locations/global")]                              // too few segments
    [InlineData("projects/p1/locations/global/operations/op-1/x")]            // too many
    [InlineData("projects/p1/locations/global/operations/op-1/")]             // trailing slash: an empty segment
    [InlineData("/projects/p1/locations/global/operations/op-1")]             // leading slash
    [InlineData("projects/p1/zones/global/operations/op-1")]                  // another literal
    [InlineData("Projects/p1/locations/global/operations/op-1")]              // literals are case-sensitive
    [InlineData("projects//locations/global/operations/op-1")]                // an empty component
    [InlineData("projects/../locations/global/operations/op-1")]              // a dot segment
    [InlineData("projects/p1/locations/global/operations/.")]
    [InlineData("")]
    [InlineData(null)]
    public void Match_OfAnyOtherText_IsNull(string? name) => Assert.Null(Operation.Match(name));

    [Fact]
    public void Match_KeepsEscapesAsTheyAre_ItNeverUnescapes() =>
        Assert.Equal(new[] { "p%201", "global", "op 1" }, Operation.Match("projects/p%201/locations/global/operations/op 1"));

    [Fact]
    public void Format_WritesTheComponentsUnescaped_SoParsingAndFormattingRoundTrips()
    {
        var name = Operation.Format(["p 1", "global", "op-ü"]);

        Assert.Equal("projects/p 1/locations/global/operations/op-ü", name);
        Assert.Equal(new[] { "p 1", "global", "op-ü" }, Operation.Match(name));
    }

    [Fact]
    public void Format_OfADefaultValue_IsEmpty() => Assert.Equal(string.Empty, Operation.Format([null, null, null]));

    [Fact]
    public void Format_ChecksTheComponents_SoAWithExpressionCannotSmuggleASlashIn()
    {
        Assert.Equal("Location", Assert.Throws<ArgumentException>(() => Operation.Format(["p1", "a/b", "op-1"])).ParamName);
        Assert.Equal("Operation", Assert.Throws<ArgumentNullException>(() => Operation.Format(["p1", "global", null])).ParamName);
    }

    [Fact]
    public void Format_WithTheWrongNumberOfComponents_Throws() =>
        Assert.Throws<ArgumentException>(() => Operation.Format(["p1", "global"]));

    [Theory]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public void Check_RejectsWhatIsNotOneSegment_NamingTheComponent(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => Operation.Check(["p1", value, "op-1"]));

        Assert.Equal("Location", ex.ParamName);
        Assert.Contains(Operation.Template, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RejectsNull_AndTheWrongNumberOfComponents()
    {
        Assert.Equal("Operation", Assert.Throws<ArgumentNullException>(() => Operation.Check(["p1", "global", null])).ParamName);
        Assert.Throws<ArgumentException>(() => Operation.Check(["p1", "global"]));
    }

    [Theory]
    [InlineData("op-1")]
    [InlineData("op 1:x@y")]
    [InlineData("...")]
    public void Check_AcceptsAnySegmentWithoutASlash(string value) => Operation.Check(["p1", "global", value]);

    [Fact]
    public void Parse_BuildsTheValue_OrThrowsFormatExceptionNamingTheShape()
    {
        Assert.Equal(new Name3("p1", "global", "op-1"), Operation.Parse("projects/p1/locations/global/operations/op-1"));

        var ex = Assert.Throws<FormatException>(() => Operation.Parse("projects/p1/operations/op-1"));
        Assert.Contains("projects/p1/operations/op-1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Operation.Template, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Operation.Parse(null));
    }

    [Fact]
    public void TryParse_IsFalseWithDefault_ForAnotherShape()
    {
        Assert.True(Operation.TryParse("projects/p1/locations/l/operations/o", out var name));
        Assert.Equal(new Name3("p1", "l", "o"), name);
        Assert.False(Operation.TryParse("projects/p1", out name));
        Assert.Equal(default, name);
        Assert.False(Operation.TryParse(null, out _));
    }

    [Fact]
    public void TheFactory_IsRequired() =>
        Assert.Throws<ArgumentNullException>(() => new ResourceNameTemplate<Name3>("projects/{Project}", null!));

    [Fact]
    public void SingletonShapes_EndInALiteral() =>
        Assert.Equal(new[] { "p1" }, new ResourceNameTemplate("projects/{Project}/settings").Match("projects/p1/settings"));

    [Theory]
    [InlineData("projects")]
    [InlineData("projects//{Project}")]
    [InlineData("projects/{Project}/")]
    public void Constructor_RejectsTemplatesWithoutComponentsOrWithEmptySegments(string template) =>
        Assert.Throws<ArgumentException>(() => new ResourceNameTemplate(template));
}
