namespace LLMEmbed.Cli.Rendering;

/// <summary>
/// Progress for a stream that is not a terminal: a plain line when the state first shows, then at
/// most one per <paramref name="every"/>, and always the final one, so a log shows work moving and
/// where it ended instead of a bar frozen at some percentage.
/// </summary>
internal sealed class ProgressLines(TextWriter writer, TimeSpan every, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long? _lastWritten;
    private string? _lastLine;

    public void Report(string what, double fraction, string message)
    {
        var line = Format(what, fraction, message);
        var now = _time.GetTimestamp();
        if (line == _lastLine) return;
        if (_lastWritten is { } last && _time.GetElapsedTime(last, now) < every) return;
        Write(line, now);
    }

    /// <summary>The closing state, written even when a line went out a moment ago.</summary>
    public void Finish(string what, double fraction, string message)
    {
        var line = Format(what, fraction, message);
        if (line != _lastLine) Write(line, _time.GetTimestamp());
    }

    private void Write(string line, long now)
    {
        writer.WriteLine(line);
        writer.Flush();
        _lastLine = line;
        _lastWritten = now;
    }

    private static string Format(string what, double fraction, string message) =>
        $"{what}: {Math.Clamp(fraction, 0, 1) * 100:0}%{(string.IsNullOrWhiteSpace(message) ? "" : " " + message)}";
}
