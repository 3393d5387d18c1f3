using System.Collections.Concurrent;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using Spectre.Console;

namespace LLMEmbed.Cli.Rendering;

/// <summary>Runs long work under a stderr progress display with one bar per backbone plus training.</summary>
internal sealed class ProgressReporter
{
    private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressContext? _context;

    public static T Run<T>(Func<ProgressReporter, T> work)
    {
        var reporter = new ProgressReporter();
        return Consoles.Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                reporter._context = ctx;
                return work(reporter);
            });
    }

    public IProgress<ExtractionProgress> Embedding(string label) => new SyncProgress<ExtractionProgress>(p =>
    {
        var task = Task($"embed {label} {p.Backbone}");
        task.MaxValue = Math.Max(1, p.Total);
        task.Value = p.Total == 0 ? 1 : p.Done;
        task.Description = $"embed {label} {p.Backbone} ({p.Cached} cached, {p.Done}/{p.Total} new)";
    });

    public IProgress<TrainingProgress> Training(string label, int maxEpochs) => new SyncProgress<TrainingProgress>(p =>
    {
        var task = Task($"train {label}");
        task.MaxValue = maxEpochs;
        task.Value = p.Epoch;
        task.Description = $"train {label} step {p.Epoch} val-loss {p.ValidationLoss:0.0000}";
    });

    /// <summary>A bar for work that reports its share done, 0 to 1.</summary>
    public IProgress<double> Fraction(string label) => new SyncProgress<double>(share =>
    {
        var task = Task(label);
        task.MaxValue = 1;
        task.Value = share;
    });

    public void Finish()
    {
        foreach (var task in _tasks.Values) task.Value = task.MaxValue;
    }

    private ProgressTask Task(string key) =>
        _tasks.GetOrAdd(key, k => _context!.AddTask(k, autoStart: true, maxValue: 1));

    /// <summary>Reports on the caller's thread: Progress&lt;T&gt; would post to the thread pool and reorder updates.</summary>
    private sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
