using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DiscoveryGen.Tests.Shared;
using Xunit;

namespace DiscoveryGen.Runtime.Tests.Requests;

/// <summary>
/// Discovery <c>pattern</c> checks run as RE2 runs them: linear time (no catastrophic backtracking), <c>$</c> only at
/// the very end, every failure an <see cref="ArgumentException"/>, and a pattern .NET cannot parse left unchecked.
/// </summary>
public sealed class ParameterCheckTests
{
    private const string Catastrophic = "^(a+)+$";

    [Fact]
    public void ACatastrophicPattern_IsRunInLinearTime_AndAMismatchIsAnArgumentException()
    {
        // 5,000 a's and a '!': exponential for a backtracking engine (which timed out after 1 s per call), linear here.
        var value = new string('a', 5000) + "!";

        var error = Assert.Throws<ArgumentException>(() => ParameterCheck.Pattern(value, "name", Catastrophic));

        Assert.Null(error.InnerException);
        Assert.Equal("name", error.ParamName);
        Assert.False(ParameterCheck.Matches(value, Catastrophic));
        ParameterCheck.Pattern(new string('a', 5000), "name", Catastrophic);
    }

    [Fact]
    public void ABacktrackingOnlyPattern_ThatTakesTooLong_IsAnArgumentException_NotATimeout()
    {
        // A lookahead: only the backtracking engine has it, so it runs under a short timeout.
        const string pattern = "^(?!b)(a+)+$";
        var value = new string('a', 5000) + "!";

        var error = Assert.Throws<ArgumentException>(() => ParameterCheck.Pattern(value, "name", pattern));

        Assert.IsType<RegexMatchTimeoutException>(error.InnerException);
        Assert.Contains("could not be checked against the pattern", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ParameterCheck.Matches(value, pattern));
        ParameterCheck.Pattern("aaaa", "name", pattern);
    }

    [Fact]
    public void ABackreference_StillWorks()
    {
        ParameterCheck.Pattern("abab", "name", @"^(ab)\1$");
        Assert.Throws<ArgumentException>(() => ParameterCheck.Pattern("abac", "name", @"^(ab)\1$"));
    }

    [Theory]
    [InlineData("^[a-z][a-z0-9-]{0,62}$", "thing-1\n")]
    [InlineData("^projects/[a-z0-9]+$", "projects/p1\n")]
    [InlineData(@"^projects/[a-z0-9]+\Z", "projects/p1\n")]
    [InlineData("^[a-z]+$|^[0-9]+$", "abc\n")]
    [InlineData("^[a-z]+$|^[0-9]+$", "123\n")]
    public void ATrailingNewline_DoesNotPassDollar(string pattern, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ParameterCheck.Pattern(value, "name", pattern));

        Assert.Contains("does not match the pattern", error.Message, StringComparison.Ordinal);
        Assert.False(ParameterCheck.Matches(value, pattern));
        ParameterCheck.Pattern(value.TrimEnd('\n'), "name", pattern);
    }

    [Theory]
    [InlineData("^[$]+$", "$$", true)]
    [InlineData(@"^a\$$", "a$", true)]
    [InlineData(@"^a\$$", "a$\n", false)]
    [InlineData("^[]$]+$", "]$", true)]
    [InlineData("^[^]$]+$", "ab", true)]
    [InlineData("^[^]$]+$", "a$", false)]
    [InlineData(@"^[\]$]+$", "]$]", true)]
    [InlineData("(?m)^a$", "a\nb", true)]
    public void DollarInsideAClassOrEscaped_IsALiteral_AndMultilineKeepsLineEnds(string pattern, string value, bool matches) =>
        Assert.Equal(matches, ParameterCheck.Matches(value, pattern));

    [Fact]
    public void APatternDotNetCannotParse_IsNotChecked()
    {
        // RE2's (?P<name>…) named group: the server checks it; the client does not break the method.
        const string pattern = "^(?P<project>[a-z]+)$";

        ParameterCheck.Pattern("anything at all", "name", pattern);
        Assert.True(ParameterCheck.Matches("anything at all", pattern));
    }

    [Theory]
    [InlineData("^a$", "^a\\z")]
    [InlineData("^[$]$", "^[$]\\z")]
    [InlineData(@"^a\$b$", @"^a\$b\z")]
    [InlineData(@"^a\Z", @"^a\z")]
    [InlineData(@"^[\Z]$", @"^[\Z]\z")]
    [InlineData("(?m)^a$", "(?m)^a$")]
    [InlineData("^a|b$", "^a|b\\z")]
    public void AnchorAtEnd_RewritesOnlyEndOfTextDollars(string pattern, string expected) =>
        Assert.Equal(expected, PatternRegex.AnchorAtEnd(pattern));
}

/// <summary>Checks of generated methods against a loopback server: a bad value throws and nothing is sent.</summary>
public sealed class GeneratedParameterCheckTests : LoopbackTest
{
    [Fact]
    public async Task ALoneSurrogateInAPathValue_IsRejected_AndNothingIsSent()
    {
        // The pattern [^/]+ accepts the lone surrogate; the path encoding does not turn it into U+FFFD.
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Service().Projects.Locations.Operations.CancelAsync("projects/p1/locations/global/operations/op-\uD800", cancellationToken: TestTimeout));

        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task ALoneSurrogateInAQueryValue_IsRejected_AndNothingIsSent()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Service().Projects.Locations.CodeRepositoryIndexes.RepositoryGroups.ListAsync(IndexName, filter: "name=\uDC00", cancellationToken: TestTimeout));

        Assert.Equal("filter", error.ParamName);
        Assert.Empty(Server.Requests);
    }
}
