using LLMEmbed.Core.Models;
using Microsoft.ML.Tokenizers;

namespace LLMEmbed.Core.Tokenization;

/// <summary>Builds the tokenizer a manifest declares, from its files in the model cache.</summary>
public static class TextTokenizerFactory
{
    /// <param name="spec">The manifest's tokenizer section.</param>
    /// <param name="vocabPath">vocab.txt (bert-word-piece), tokenizer.model (sentence-piece) or vocab.json (bpe).</param>
    /// <param name="mergesPath">BPE merges; defaults to <see cref="TokenizerSpec.Merges"/> beside the vocabulary.</param>
    public static ITextTokenizer Create(TokenizerSpec spec, string vocabPath, string? mergesPath = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(vocabPath);
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"Tokenizer vocabulary '{vocabPath}' does not exist.", vocabPath);
        switch (spec.Kind)
        {
            case TokenizerKind.BertWordPiece:
            {
                var bert = BertTokenizer.Create(vocabPath, new BertOptions { LowerCaseBeforeTokenization = spec.LowerCase });
                return new LibraryTextTokenizer((text, max) =>
                {
                    var ids = bert.EncodeToIds(text, max, addSpecialTokens: false, out var normalized, out var consumed);
                    return (ids, consumed >= (normalized ?? text).Length);
                }, spec.PadId, [bert.ClassificationTokenId], [bert.SeparatorTokenId]);
            }
            case TokenizerKind.SentencePiece:
            {
                using var model = File.OpenRead(vocabPath);
                var llama = LlamaTokenizer.Create(model, addBeginOfSentence: spec.AddBos, addEndOfSentence: false);
                return new LibraryTextTokenizer((text, max) =>
                {
                    var ids = llama.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false, max, out var normalized, out var consumed);
                    return (ids, consumed >= (normalized ?? text).Length);
                }, spec.PadId, spec.AddBos ? [llama.BeginningOfSentenceId] : [], []);
            }
            case TokenizerKind.Bpe:
            {
                mergesPath ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(vocabPath))!,
                    spec.Merges ?? throw new ArgumentException("A bpe tokenizer needs tokenizer.merges.", nameof(spec)));
                if (!File.Exists(mergesPath)) throw new FileNotFoundException($"BPE merges '{mergesPath}' does not exist.", mergesPath);
                using var vocab = File.OpenRead(vocabPath);
                using var merges = File.OpenRead(mergesPath);
                // Byte-level BPE (GPT-2 / RoBERTa / Qwen vocab.json + merges.txt).
                var bpe = CodeGenTokenizer.Create(vocab, merges, addPrefixSpace: false, addBeginOfSentence: spec.AddBos, addEndOfSentence: false);
                int[] prefix = spec.AddBos
                    ? [bpe.BeginningOfSentenceId ?? throw new ArgumentException("The bpe vocabulary has no beginning-of-sentence token, but tokenizer.addBos is set.", nameof(spec))]
                    : [];
                return new LibraryTextTokenizer((text, max) =>
                {
                    var ids = bpe.EncodeToIds(text, max, addPrefixSpace: false, addBeginningOfSentence: false, addEndOfSentence: false, out var normalized, out var consumed);
                    return (ids, consumed >= (normalized ?? text).Length);
                }, spec.PadId, prefix, []);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown tokenizer kind.");
        }
    }
}
