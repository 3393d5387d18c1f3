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
                return new LibraryTextTokenizer(text => bert.EncodeToIds(text, addSpecialTokens: true), spec.PadId, bert.SeparatorTokenId);
            }
            case TokenizerKind.SentencePiece:
            {
                using var model = File.OpenRead(vocabPath);
                var llama = LlamaTokenizer.Create(model, addBeginOfSentence: spec.AddBos, addEndOfSentence: false);
                var addBos = spec.AddBos;
                return new LibraryTextTokenizer(text => llama.EncodeToIds(text, addBos, false), spec.PadId, closingId: null);
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
                var addBos = spec.AddBos;
                return new LibraryTextTokenizer(text => bpe.EncodeToIds(text, false, addBos, false), spec.PadId, closingId: null);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown tokenizer kind.");
        }
    }
}
