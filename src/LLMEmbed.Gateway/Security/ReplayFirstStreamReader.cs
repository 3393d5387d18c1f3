using Grpc.Core;

namespace LLMEmbed.Gateway.Security;

/// <summary>A request stream whose first message was already read (to find the tenant) and is handed out again.</summary>
internal sealed class ReplayFirstStreamReader<T>(T first, IAsyncStreamReader<T> rest) : IAsyncStreamReader<T>
{
    private bool _firstPending = true;

    public T Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_firstPending)
        {
            _firstPending = false;
            Current = first;
            return true;
        }
        if (!await rest.MoveNext(cancellationToken)) return false;
        Current = rest.Current;
        return true;
    }
}
