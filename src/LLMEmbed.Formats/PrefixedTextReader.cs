namespace LLMEmbed.Formats;

/// <summary>
/// A text reader that gives back text already read (the first line, looked at to find the separator)
/// before the rest of its source, since a request body cannot be rewound.
/// </summary>
internal sealed class PrefixedTextReader(string prefix, TextReader rest) : TextReader
{
    private int _position;

    public override int Peek() => _position < prefix.Length ? prefix[_position] : rest.Peek();

    public override int Read() => _position < prefix.Length ? prefix[_position++] : rest.Read();

    public override int Read(Span<char> buffer)
    {
        if (_position >= prefix.Length) return rest.Read(buffer);
        var n = Math.Min(buffer.Length, prefix.Length - _position);
        prefix.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        _position >= prefix.Length ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    /// <summary>Reads up to and including the first line break (or to the end), bounded, without blocking on the source.</summary>
    public static async Task<string> ReadFirstLineAsync(TextReader reader, int maxChars, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[4096];
        while (text.Length <= maxChars)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
            if (n == 0) break;
            text.Append(buffer, 0, n);
            if (Array.IndexOf(buffer, '\n', 0, n) >= 0) break;
        }
        return text.ToString();
    }
}
