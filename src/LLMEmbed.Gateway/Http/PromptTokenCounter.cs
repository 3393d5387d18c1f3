using System.Collections.Concurrent;
using LLMEmbed.Core;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// usage.prompt_tokens of /v1/embeddings: the tokens the recipe's primary backbone makes of each
/// input, special tokens included, counted by that backbone's own tokenizer (loaded once per
/// backbone from the local model cache, which the silo has already filled when co-hosted).
/// </summary>
public sealed class PromptTokenCounter
{
    private readonly Lazy<ModelCatalog> _catalog = new(() => ModelCatalog.Load());
    private readonly ModelStore _store = new(LLMEmbedPaths.Default());
    private readonly ConcurrentDictionary<string, Lazy<ITextTokenizer>> _tokenizers = new(StringComparer.Ordinal);

    public int Count(string recipe, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var backbone = RecipeCatalog.Create(recipe).Components[0].Backbone;
        var tokenizer = _tokenizers.GetOrAdd(backbone, id => new Lazy<ITextTokenizer>(() =>
        {
            var manifest = _catalog.Value.Get(id);
            return TextTokenizerFactory.Create(manifest.Tokenizer, _store.Ensure(manifest).VocabPath);
        })).Value;
        return texts.Sum(tokenizer.CountTokens);
    }
}
