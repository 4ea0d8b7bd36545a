using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DiscoveryGen.Generator.Tests.Pipeline;

/// <summary>Cancellation is honoured: a cancelled run ends with OperationCanceledException, never another exception.</summary>
public sealed class CancellationTests
{
    /// <summary>An AdditionalFile that cancels the build the moment the generator reads it.</summary>
    private sealed class CancellingText : AdditionalText
    {
        private readonly SourceText _text;
        private readonly CancellationTokenSource _source;

        public CancellingText(string path, string text, CancellationTokenSource source)
        {
            Path = path;
            _text = SourceText.From(text, System.Text.Encoding.UTF8);
            _source = source;
        }

        public override string Path { get; }

        public int Reads { get; private set; }

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Reads++;
            _source.Cancel();
            return _text;
        }
    }

    [Fact]
    public void CancelledWhileTheDocumentIsRead_EndsWithOperationCanceledException()
    {
        using var source = new CancellationTokenSource();
        var file = new CancellingText("/p/cloudaicompanion.v1.json", File.ReadAllText(TestPaths.Discovery("cloudaicompanion.v1.json")), source);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { file });

        var exception = Record.Exception(() => driver.RunGenerators(GeneratorHarness.CreateCompilation(), source.Token));

        Assert.Equal(1, file.Reads);
        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }

    [Fact]
    public void CancelledAtAnyPointOfALargeGeneration_EndsWithOperationCanceledExceptionOrCompletes()
    {
        var path = TestPaths.SharedDiscovery("aiplatform.v1.json");
        Assert.True(File.Exists(path), $"The discovery corpus is missing: {path} (../shared/discovery beside the repository).");
        var file = InMemoryAdditionalText.FromFile(path, "/p/aiplatform.v1.json");
        var compilation = GeneratorHarness.CreateCompilation();

        // Warm up (JIT), and learn how long a full run takes.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GeneratorHarness.CreateDriver(new AdditionalText[] { file }).RunGenerators(compilation);
        var full = clock.Elapsed;

        var outcomes = new List<string>();
        for (var step = 0; step <= 10; step++)
        {
            var delay = TimeSpan.FromTicks(full.Ticks * step / 10);
            using var source = new CancellationTokenSource(delay);
            var exception = Record.Exception(() => GeneratorHarness.CreateDriver(new AdditionalText[] { file }).RunGenerators(compilation, source.Token));
            Assert.True(exception is null or OperationCanceledException, $"cancelled after {delay.TotalMilliseconds:F0} ms of {full.TotalMilliseconds:F0} ms: {exception}");
            outcomes.Add(exception is null ? "completed" : "cancelled");
        }

        Assert.Equal("cancelled", outcomes[0]); // a token cancelled from the start is always observed
    }

    [Fact]
    public void RunWithoutCancellation_AfterACancelledRun_StillGeneratesEverything()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var file = InMemoryAdditionalText.FromFile(TestPaths.Discovery("cloudaicompanion.v1.json"), "/p/cloudaicompanion.v1.json");
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { file });
        Assert.ThrowsAny<OperationCanceledException>(() => driver.RunGenerators(GeneratorHarness.CreateCompilation(), source.Token));

        var result = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();

        Assert.Null(result.Results[0].Exception);
        Assert.Equal(6, result.GeneratedTrees.Length);
    }
}
