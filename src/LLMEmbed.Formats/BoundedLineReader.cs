using System.Text;

namespace LLMEmbed.Formats;

/// <summary>
/// Lines of a text reader, one at a time, each refused once it grows past a bound in UTF-8 bytes,
/// so a line is never held whole when it is too long.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxBytes)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _position, _length;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its terminator (LF or CR LF), or null at the end.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        long bytes = 0;
        var any = false;
        LineNumber++;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
                _position = 0;
                if (_length == 0) return any ? _line.ToString() : null;
            }
            var c = _buffer[_position++];
            any = true;
            if (c == '\n')
            {
                if (_line.Length > 0 && _line[^1] == '\r') _line.Length--;
                return _line.ToString();
            }
            _line.Append(c);
            // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate(c) ? 2 : 3;
            if (bytes > maxBytes)
                throw new LabeledRowFormatException(LineNumber, "body", $"the record is longer than {maxBytes} bytes.");
        }
    }
}
