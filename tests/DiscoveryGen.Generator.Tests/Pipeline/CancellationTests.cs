using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using DiscoveryGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace DiscoveryGen.Generator.Tests.Pipeline;

/// <summary>
/// Cancellation is honoured: a cancelled run ends with OperationCanceledException, never another exception. Roslyn does
/// not throw a generator's other exceptions: it records them in the run result and reports CS8785, so every run that
/// did not throw is checked there too — a run that "completed" must have completed cleanly.
/// </summary>
public sealed class CancellationTests
{
    private readonly ITestOutputHelper _output;

    public CancellationTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// An AdditionalFile that starts the cancellation clock the moment the generator reads it: after
    /// <paramref name="delay"/> (zero: at once). The token is never cancelled before the generator has begun. The delay
    /// is kept by a thread of its own that watches a stopwatch, not by a timer: on a loaded machine the timer queue
    /// fired late enough for a whole generation to finish first. Call <see cref="WaitForCanceller"/> before the token's
    /// source is disposed: a canceller still waiting after the run ended would otherwise cancel a disposed source and
    /// crash the test host.
    /// </summary>
    private sealed class CancellingText : AdditionalText
    {
        private readonly SourceText _text;
        private readonly CancellationTokenSource _source;
        private readonly TimeSpan _delay;

        public CancellingText(string path, string text, CancellationTokenSource source, TimeSpan delay)
        {
            Path = path;
            _text = SourceText.From(text, System.Text.Encoding.UTF8);
            _source = source;
            _delay = delay;
        }

        public override string Path { get; }

        public int Reads { get; private set; }

        private Thread? _canceller;

        /// <summary>Waits until the canceller thread (if one was started) has cancelled the source.</summary>
        public void WaitForCanceller() => _canceller?.Join();

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Reads++;
            if (_delay == TimeSpan.Zero)
            {
                _source.Cancel();
            }
            else
            {
                var source = _source;
                var delay = _delay;
                var clock = Stopwatch.StartNew();
                _canceller = new Thread(() =>
                {
                    while (clock.Elapsed < delay)
                    {
                        Thread.SpinWait(20);
                    }

                    source.Cancel();
                })
                { IsBackground = true, Priority = ThreadPriority.AboveNormal };
                _canceller.Start();
            }

            return _text;
        }
    }

    /// <summary>What one run did: the exception RunGenerators threw, or the run result it recorded.</summary>
    private sealed record Outcome(Exception? Thrown, GeneratorDriverRunResult? Result)
    {
        public bool Cancelled => Thrown is OperationCanceledException;
    }

    private static Outcome Run(AdditionalText file, Compilation compilation, CancellationToken cancellationToken)
    {
        try
        {
            return new Outcome(null, GeneratorHarness.CreateDriver(new[] { file }).RunGenerators(compilation, cancellationToken).GetRunResult());
        }
        catch (Exception ex)
        {
            return new Outcome(ex, null);
        }
    }

    /// <summary>A run that did not throw: no recorded generator exception, no CS8785, and every file generated.</summary>
    private static void AssertCompletedCleanly(Outcome outcome, int expectedTrees, string what)
    {
        Assert.True(outcome.Thrown is null, $"{what}: RunGenerators threw {outcome.Thrown}");
        var result = outcome.Result!;
        var recorded = result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        Assert.True(recorded is null, $"{what}: the generator threw, and Roslyn recorded it: {recorded}");
        var crash = result.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "CS8784");
        Assert.True(crash is null, $"{what}: {crash}");
        Assert.Equal(expectedTrees, result.GeneratedTrees.Length);
    }

    [Fact]
    public void CancelledWhileTheDocumentIsRead_EndsWithOperationCanceledException()
    {
        using var source = new CancellationTokenSource();
        var file = new CancellingText("/p/cloudaicompanion.v1.json", File.ReadAllText(TestPaths.Discovery("cloudaicompanion.v1.json")), source, TimeSpan.Zero);

        var outcome = Run(file, GeneratorHarness.CreateCompilation(), source.Token);

        Assert.Equal(1, file.Reads);
        Assert.IsAssignableFrom<OperationCanceledException>(outcome.Thrown);
    }

    /// <summary>
    /// aiplatform.v1 (one of the largest documents) is cancelled after delays that double from 0.25 ms up to a full run's
    /// length, the clock starting when the generator reads the document (the generator is only a part of a run, so fixed
    /// fractions of the run could all fall after it). Each run ends with OperationCanceledException or completes cleanly, and at
    /// least one must be cancelled in the middle: a generator that ignored the token would complete them all. Timing
    /// only decides where a run is cancelled, never whether the test passes: if a loaded machine let every run finish,
    /// the whole series is tried again (up to four times).
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    [Trait("Needs", "SharedCorpus")]
    public void CancelledInTheMiddleOfALargeGeneration_EndsWithOperationCanceledException_OrCompletesCleanly()
    {
        var path = TestPaths.RequireShared(TestPaths.SharedDiscovery("aiplatform.v1.json"));
        var text = File.ReadAllText(path);
        var compilation = GeneratorHarness.CreateCompilation();

        // Warm up (JIT), then learn what a full run produces and how long it takes.
        var warm = Run(new InMemoryAdditionalText("/p/aiplatform.v1.json", text), compilation, CancellationToken.None);
        var trees = warm.Result?.GeneratedTrees.Length ?? 0;
        Assert.True(trees > 0, $"aiplatform.v1 generated nothing: {warm.Thrown}");
        AssertCompletedCleanly(warm, trees, "warm-up run");
        var clock = Stopwatch.StartNew();
        AssertCompletedCleanly(Run(new InMemoryAdditionalText("/p/aiplatform.v1.json", text), compilation, CancellationToken.None), trees, "full run");
        var length = clock.Elapsed;

        var cancelledMidRun = 0;
        var outcomes = new System.Collections.Generic.List<string>();
        for (var round = 0; round < 4 && cancelledMidRun == 0; round++)
        {
            for (var delay = TimeSpan.FromMilliseconds(0.25); delay < length; delay += delay)
            {
                using var source = new CancellationTokenSource();
                var file = new CancellingText("/p/aiplatform.v1.json", text, source, delay);
                var outcome = Run(file, compilation, source.Token);
                file.WaitForCanceller(); // the delay is shorter than a full run, so this is brief; disposing first would crash
                var what = $"cancelled {delay.TotalMilliseconds:F2} ms into a {length.TotalMilliseconds:F0} ms run";
                if (outcome.Cancelled)
                {
                    cancelledMidRun++;
                    outcomes.Add(what + ": cancelled");
                }
                else
                {
                    AssertCompletedCleanly(outcome, trees, what);
                    outcomes.Add(what + ": completed");
                }
            }
        }

        _output.WriteLine(string.Join("\n", outcomes));
        Assert.True(cancelledMidRun > 0, "No run was cancelled in the middle of the generation:\n" + string.Join("\n", outcomes));
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

        AssertCompletedCleanly(new Outcome(null, result), 7, "the run after the cancelled one"); // service, Projects, Names, four model files
    }
}
