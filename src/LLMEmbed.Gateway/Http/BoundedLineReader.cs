using System.Text;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Reads an import body one record at a time without holding the whole body: lines for JSONL, and
/// for CSV records whose quoted fields may span lines. A record longer than the gateway's message
/// limit is refused, so one endless line cannot exhaust memory.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private int _position, _length;

    /// <summary>1-based number of the line the last record started on.</summary>
    public long LineNumber { get; private set; }
    private long _nextLine = 1;

    /// <summary>The next line without its terminator, or null at the end.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) => ReadRecordAsync(csvQuotes: false, cancellationToken);

    /// <summary>The next CSV record: a line break inside double quotes does not end it.</summary>
    public Task<string?> ReadCsvRecordAsync(CancellationToken cancellationToken) => ReadRecordAsync(csvQuotes: true, cancellationToken);

    private async Task<string?> ReadRecordAsync(bool csvQuotes, CancellationToken cancellationToken)
    {
        var record = new StringBuilder();
        var inQuotes = false;
        var any = false;
        LineNumber = _nextLine;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
                _position = 0;
                if (_length == 0) return any ? record.ToString() : null;
            }
            var c = _buffer[_position++];
            any = true;
            if (c == '\n')
            {
                _nextLine++;
                if (!inQuotes)
                {
                    if (record.Length > 0 && record[^1] == '\r') record.Length--;
                    return record.ToString();
                }
            }
            if (csvQuotes && c == '"') inQuotes = !inQuotes;
            record.Append(c);
            if (record.Length > maxChars)
                throw new InvalidRequestException($"line {LineNumber}: the record is longer than {maxChars} characters (Gateway:MaxReceiveMessageBytes).", "body");
        }
    }
}
