using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Tokenization;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using Orleans.Concurrency;

namespace LLMEmbed.Grains.Backbones;

/// <summary>Counts tokens with the recipe's primary backbone tokenizer, loaded once per activation (no model session).</summary>
[StatelessWorker]
public sealed class TokenCounterGrain(IBackboneFactory backbones) : Grain, ITokenCounterGrain
{
    private ITextTokenizer? _tokenizer;

    public Task<int> CountTokens(string[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (_tokenizer is null)
        {
            string primary;
            try
            {
                primary = RecipeCatalog.Create(this.GetPrimaryKeyString()).Components[0].Backbone;
            }
            catch (ArgumentException e)
            {
                throw new InvalidRequestException(e.Message, "model");
            }
            _tokenizer = backbones.CreateTokenizer(primary);
        }
        return Task.FromResult(texts.Sum(_tokenizer.CountTokens));
    }
}
