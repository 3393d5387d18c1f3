using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Archive;

/// <summary>
/// A write-only stream that sends what is written as ExportTenantChunk messages of at most <see cref="ChunkBytes"/>,
/// so the tar writer streams straight into a gRPC response.
/// </summary>
internal sealed class ChunkWriteStream(IServerStreamWriter<ExportTenantChunk> responses, CancellationToken cancellationToken) : Stream
{
    public const int ChunkBytes = 1024 * 1024;
    private readonly MemoryStream _pending = new();

    public long Sent { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken token = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, ChunkBytes - (int)_pending.Length);
            _pending.Write(buffer.Span[..take]);
            buffer = buffer[take..];
            if (_pending.Length == ChunkBytes) await SendAsync();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) => WriteAsync(buffer.AsMemory(offset, count), token).AsTask();

    /// <summary>Sends what is pending (the end of the archive).</summary>
    public override Task FlushAsync(CancellationToken token) => _pending.Length == 0 ? Task.CompletedTask : SendAsync();

    private async Task SendAsync()
    {
        await responses.WriteAsync(new ExportTenantChunk { Data = Google.Protobuf.ByteString.CopyFrom(_pending.GetBuffer(), 0, (int)_pending.Length) }, cancellationToken);
        Sent += _pending.Length;
        _pending.SetLength(0);
    }

    // The tar writer writes asynchronously; a synchronous write would block a request thread on the network.
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("write asynchronously");
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _pending.Dispose();
        base.Dispose(disposing);
    }
}
