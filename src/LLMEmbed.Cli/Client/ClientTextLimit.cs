namespace LLMEmbed.Cli.Client;

/// <summary>
/// The gateway's character limit on one text (ClusterLimits.MaxTextChars, checked equal by a test),
/// applied before sending: an over-long text is named by its line and cut with --truncate, and no
/// message grows past the gateway's receive limit (Gateway:MaxReceiveMessageBytes, 4 MiB by default).
/// </summary>
internal static class ClientTextLimit
{
    public const int MaxChars = 64 * 1024;

    /// <summary>Bytes of texts one message carries at most: a quarter of the default receive limit, room for labels and framing.</summary>
    public const int MessageBytes = 1024 * 1024;

    /// <summary>The text to send: itself, or with <paramref name="truncate"/> its first <see cref="MaxChars"/> characters.</summary>
    public static string Fit(string text, string where, bool truncate)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxChars) return text;
        if (!truncate)
            throw new InvalidDataException($"{where}: the text has {text.Length:N0} characters, over the gateway's limit of {MaxChars:N0}; "
                + "pass --truncate to cut it to the limit (the backbones read only its first tokens).");
        // As the gateway cuts: never between the halves of a surrogate pair.
        var length = char.IsHighSurrogate(text[MaxChars - 1]) ? MaxChars - 1 : MaxChars;
        return text[..length];
    }

    /// <summary>UTF-8 size of a text: what it adds to a message.</summary>
    public static int Bytes(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    /// <summary>Consecutive runs of at most <paramref name="count"/> texts and about <see cref="MessageBytes"/> bytes (a run holds at least one text).</summary>
    public static IEnumerable<IReadOnlyList<string>> Batches(IEnumerable<string> texts, int count)
    {
        var batch = new List<string>();
        var bytes = 0;
        foreach (var text in texts)
        {
            var size = Bytes(text);
            if (batch.Count > 0 && (batch.Count == count || bytes + size > MessageBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(text);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }
}
