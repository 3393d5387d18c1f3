namespace LLMEmbed.Core.Data;

/// <summary>A data file does not have the expected shape. The message names the file, the line
/// (or record) and what is wrong.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, long line, string problem, Exception? inner = null)
        : base($"{path}, line {line}: {problem}", inner)
    {
        FilePath = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>For problems that belong to the whole file, or to a record without a line number.</summary>
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    public string FilePath { get; }
    /// <summary>1-based line number, or null when the problem is not tied to one line.</summary>
    public long? Line { get; }
    public string Problem { get; }
}
