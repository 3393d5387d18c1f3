namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// Token counts as a recipe's primary backbone sees them (special tokens included, before any cut),
/// e.g. for usage figures. A stateless worker keyed by recipe name, so the gateway needs no tokenizer.
/// </summary>
[Alias("llmembed.backbones.ITokenCounterGrain")]
public interface ITokenCounterGrain : IGrainWithStringKey
{
    [Alias("CountTokens")]
    Task<int> CountTokens(string[] texts);
}
