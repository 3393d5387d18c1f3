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
        // Client-side failures: cannot connect, connection broken, timeouts. Its subclass PostgresException (an error
        // the server sent) counts only for the SQLSTATE classes below; a missing table or a bad query is a bug, not an outage.
        "Npgsql.NpgsqlException",
    ];

    private const string ServerError = "Npgsql.PostgresException";

    // SQLSTATE classes of a server going away or out of resources: 08 connection exception, 53 insufficient
    // resources (too many connections), 57P operator intervention (57P01 admin shutdown, as a stopping server
    // answers, 57P03 cannot connect now, as a starting one does), 58 system or I/O error.
    private static readonly string[] OutageSqlStates = ["08", "53", "57P", "58"];

    public static bool Is(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException or TimeoutException) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is)) return true;
            if (e.GetType().FullName == ServerError)
            {
                if (SqlState(e) is { } state && OutageSqlStates.Any(c => state.StartsWith(c, StringComparison.Ordinal))) return true;
                continue;
            }
            for (var type = e.GetType(); type is not null; type = type.BaseType)
                if (OutageTypes.Contains(type.FullName, StringComparer.Ordinal)) return true;
        }
        return false;
    }

    private static string? SqlState(Exception e) => e.GetType().GetProperty("SqlState")?.GetValue(e) as string;
}
