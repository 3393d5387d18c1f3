using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Archive;

/// <summary>A read-only stream over an ImportTenant request stream: the chunks' bytes in order.</summary>
internal sealed class ChunkReadStream(IAsyncStreamReader<ImportTenantChunk> requests) : Stream
{
    private ReadOnlyMemory<byte> _current;
    private bool _ended;

    /// <summary>The first message's tenant (the name to restore under), once the first chunk was read.</summary>
    public string? Tenant { get; private set; }
    private bool _first = true;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads the first message now, so its tenant is known before the archive is.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await NextAsync(cancellationToken)) _ended = true;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current.IsEmpty)
        {
            if (_ended || !await NextAsync(cancellationToken))
            {
                _ended = true;
                return 0;
            }
        }
        var n = Math.Min(buffer.Length, _current.Length);
        _current[..n].CopyTo(buffer);
        _current = _current[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken)) return false;
        var message = requests.Current;
        if (_first)
        {
            Tenant = message.Tenant;
            _first = false;
        }
        _current = message.Data.Memory;
        return true;
    }

    // The tar reader reads asynchronously; a synchronous read would block a request thread on the network.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
