namespace LLMEmbed.Core.Data;

/// <summary>The split names used by every loader and file format.</summary>
public static class DataSplit
{
    public const string Train = "train";
    public const string Test = "test";

    /// <summary>Maps "train"/"test" (any case, surrounding blanks ignored) to the canonical name;
    /// null or blank means "no split given". Anything else returns false.</summary>
    public static bool TryNormalize(string? value, out string? split)
    {
        split = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        var trimmed = value.Trim();
        if (trimmed.Equals(Train, StringComparison.OrdinalIgnoreCase)) { split = Train; return true; }
        if (trimmed.Equals(Test, StringComparison.OrdinalIgnoreCase)) { split = Test; return true; }
        return false;
    }
}
