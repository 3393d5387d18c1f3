namespace LLMEmbed.Core.Onnx;

/// <summary>
/// Names constant-weight MatMuls by their place in a BERT-style block rather than by exported node
/// names (which are opaque, e.g. <c>MatMul_34</c>): <c>role</c> or <c>role:block</c> with role
/// <c>qkv</c>, <c>attn-out</c>, <c>ffn-in</c> or <c>ffn-out</c> and block 1..L, or <c>node:NAME</c>.
/// Roles come from the weight's shape: [H, 4H] is ffn-in, [4H, H] ffn-out; a square weight whose
/// input also feeds other square weights is Q, K or V, a lone square one the attention output.
/// A block ends at its ffn-out, so blocks count in node order.
/// </summary>
public sealed record MatMulSelector(string Text, string? Role, int? Block, string? NodeName)
{
    public static readonly string[] Roles = ["qkv", "attn-out", "ffn-in", "ffn-out"];

    public static MatMulSelector Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.StartsWith("node:", StringComparison.Ordinal) && text.Length > 5) return new(text, null, null, text[5..]);
        var parts = text.Split(':');
        if (!Roles.Contains(parts[0]) || parts.Length > 2)
            throw new ArgumentException($"KeepFloat entry '{text}' is not role[:block] (role one of {string.Join(", ", Roles)}) or node:NAME.");
        if (parts.Length == 1) return new(text, parts[0], null, null);
        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var block) || block < 1)
            throw new ArgumentException($"KeepFloat entry '{text}': the block must be a number from 1.");
        return new(text, parts[0], block, null);
    }

    public bool Matches(string nodeName, string role, int block) =>
        NodeName is not null ? NodeName == nodeName : Role == role && (Block is null || Block == block);
}
