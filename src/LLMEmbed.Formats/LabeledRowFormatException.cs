namespace LLMEmbed.Formats;

/// <summary>A record that is not a labelled row: bad JSON, wrong columns, a missing field, too long.</summary>
public sealed class LabeledRowFormatException(long line, string field, string problem, Exception? inner = null)
    : Exception($"line {line}: {problem}", inner)
{
    /// <summary>1-based line where the record starts.</summary>
    public long Line { get; } = line;

    /// <summary>The field at fault ("text", "label", "split", "header", an unknown property), or "body" for the record as a whole.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong, without the line.</summary>
    public string Problem { get; } = problem;
}
