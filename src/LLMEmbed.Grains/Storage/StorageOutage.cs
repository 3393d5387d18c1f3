using System.Net.Sockets;

namespace LLMEmbed.Grains.Storage;

/// <summary>
/// Tells a storage outage (the server down, unreachable or timing out) from other storage errors, so a
/// tenant call fails with <see cref="Abstractions.Errors.StorageUnavailableException"/> (Unavailable, retry
/// later) instead of Internal. Matched by type name along the inner-exception chain: the providers wrap
/// the client libraries' errors, and the grains library does not reference those libraries.
/// </summary>
public static class StorageOutage
{
    private static readonly string[] OutageTypes =
    [
        "StackExchange.Redis.RedisConnectionException",
        "StackExchange.Redis.RedisTimeoutException",
        // Orleans' Redis provider rethrows client failures as this, with the cause in the message only (no inner exception).
        "Orleans.Persistence.Redis.RedisStorageException",
        "Npgsql.NpgsqlException",
        "Npgsql.PostgresException", // e.g. 57P01 admin shutdown, 57P03 cannot connect now
    ];

    public static bool Is(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException or TimeoutException) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is)) return true;
            for (var type = e.GetType(); type is not null; type = type.BaseType)
                if (OutageTypes.Contains(type.FullName, StringComparer.Ordinal)) return true;
        }
        return false;
    }
}
