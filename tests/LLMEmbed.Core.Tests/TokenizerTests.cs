using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;

[Collection(MiniLmCollection.Name)]
public sealed class TokenizerTests(MiniLmFixture model)
{
    private const int Cls = 101;
    private const int Sep = 102;

    [Fact]
    public void Encodes_known_ids_with_special_tokens()
    {
        var ids = model.Tokenizer.Encode("Hello world", 512, out var truncated);
        Assert.Equal([Cls, 7592, 2088, Sep], ids);
        Assert.False(truncated);
    }

    [Fact]
    public void Splits_unknown_words_into_word_pieces()
    {
        // "embeddings" is not one vocabulary entry: word pieces with ## continuations.
        var ids = model.Tokenizer.Encode("embeddings", 512, out _);
        Assert.Equal(Cls, ids[0]);
        Assert.Equal(Sep, ids[^1]);
        Assert.True(ids.Length > 3);
    }

    [Fact]
    public void Truncation_keeps_cls_first_and_sep_last()
    {
        var text = string.Join(' ', Enumerable.Repeat("hello world", 50));
        var full = model.Tokenizer.Encode(text, 512, out var fullTruncated);
        var cut = model.Tokenizer.Encode(text, 10, out var truncated);
        Assert.False(fullTruncated);
        Assert.True(truncated);
        Assert.Equal(10, cut.Length);
        Assert.Equal(Cls, cut[0]);
        Assert.Equal(Sep, cut[^1]);
        Assert.Equal(full[..9], cut[..9]);
    }

    [Fact]
    public void Exact_fit_is_not_truncated()
    {
        var ids = model.Tokenizer.Encode("hello world", 4, out var truncated);
        Assert.False(truncated);
        Assert.Equal(4, ids.Length);
    }

    [Fact]
    public void Count_tokens_matches_untruncated_length()
    {
        const string text = "The quick brown fox jumps over the lazy dog, twice!";
        Assert.Equal(model.Tokenizer.Encode(text, 512, out _).Length, model.Tokenizer.CountTokens(text));
    }

    [Fact]
    public void Pad_id_comes_from_the_manifest()
    {
        var spec = model.Manifest.Tokenizer with { PadId = 7 };
        Assert.Equal(7, TextTokenizerFactory.Create(spec, model.Files.VocabPath).PadId);
        Assert.Equal(0, model.Tokenizer.PadId);
    }

    [Fact]
    public void Missing_vocabulary_is_reported_by_path()
    {
        var spec = new TokenizerSpec { Kind = TokenizerKind.BertWordPiece, Vocab = "vocab.txt" };
        var error = Assert.Throws<FileNotFoundException>(() => TextTokenizerFactory.Create(spec, "/nonexistent/vocab.txt"));
        Assert.Contains("/nonexistent/vocab.txt", error.Message);
    }

    [Fact]
    public void Rejects_max_tokens_below_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Tokenizer.Encode("hi", 1, out _));
    }
}
