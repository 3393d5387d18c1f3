using LLMEmbed.Cli.Rendering;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace LLMEmbed.Gateway.Tests;

/// <summary>`train --wait` without a terminal: occasional plain lines, always the last one.</summary>
public sealed class ProgressLinesTests
{
    [Fact]
    public void Writes_the_first_state_then_at_most_one_line_per_interval_and_always_the_end()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var lines = new ProgressLines(output, TimeSpan.FromSeconds(5), time);
        lines.Report("train t", 0.1, "epoch 1");
        time.Advance(TimeSpan.FromSeconds(1));
        lines.Report("train t", 0.2, "epoch 2");
        time.Advance(TimeSpan.FromSeconds(5));
        lines.Report("train t", 0.6, "epoch 6");
        lines.Report("train t", 0.7, "epoch 7");
        lines.Finish("train t", 1, "succeeded");
        Assert.Equal(["train t: 10% epoch 1", "train t: 60% epoch 6", "train t: 100% succeeded"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_console_on_a_redirected_stream_neither_wraps_nor_writes_escape_codes()
    {
        var output = new StringWriter();
        var console = Consoles.Create(output, redirected: true);
        var message = "error: NotFound: " + string.Join(' ', Enumerable.Repeat("a-long-label-name", 12));
        console.MarkupLineInterpolated($"[red]{message}[/]");
        Assert.Equal(message + Environment.NewLine, output.ToString());
    }
}
