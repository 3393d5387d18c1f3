namespace LLMEmbed.Core.Data;

/// <summary>The two standard single-topic subsets of Reuters-21578.</summary>
public enum ReutersVariant
{
    /// <summary>The 8 most frequent single-topic classes.</summary>
    R8,
    /// <summary>Every single-topic class present in both the train and the test split (52 of them).</summary>
    R52,
}
