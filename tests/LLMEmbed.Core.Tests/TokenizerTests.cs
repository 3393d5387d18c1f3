using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;

[Collection(MiniLmCollection.Name)]
public sealed class TokenizerTests(MiniLmFixture model)
{
    private const int Cls = 101;
    private const int Sep = 102;

    [Fact]
    public void EncodesKnownIdsWithSpecialTokens()
    {
        var ids = model.Tokenizer.Encode("Hello world", 512, out var truncated);
        Assert.Equal([Cls, 7592, 2088, Sep], ids);
        Assert.False(truncated);
    }

    [Fact]
    public void SplitsUnknownWordsIntoWordPieces()
    {
        // "embeddings" is not one vocabulary entry: word pieces with ## continuations.
        var ids = model.Tokenizer.Encode("embeddings", 512, out _);
        Assert.Equal(Cls, ids[0]);
        Assert.Equal(Sep, ids[^1]);
        Assert.True(ids.Length > 3);
    }

    [Fact]
    public void TruncationKeepsClsFirstAndSepLast()
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
    public void ExactFitIsNotTruncated()
    {
        var ids = model.Tokenizer.Encode("hello world", 4, out var truncated);
        Assert.False(truncated);
        Assert.Equal(4, ids.Length);
    }

    [Fact]
    public void CountTokensMatchesUntruncatedLength()
    {
        const string text = "The quick brown fox jumps over the lazy dog, twice!";
        Assert.Equal(model.Tokenizer.Encode(text, 512, out _).Length, model.Tokenizer.CountTokens(text));
    }

    [Fact]
    public void PadIdComesFromTheManifest()
    {
        var spec = model.Manifest.Tokenizer with { PadId = 7 };
        Assert.Equal(7, TextTokenizerFactory.Create(spec, model.Files.VocabPath).PadId);
        Assert.Equal(0, model.Tokenizer.PadId);
    }

    [Fact]
    public void MissingVocabularyIsReportedByPath()
    {
        var spec = new TokenizerSpec { Kind = TokenizerKind.BertWordPiece, Vocab = "vocab.txt" };
        var error = Assert.Throws<FileNotFoundException>(() => TextTokenizerFactory.Create(spec, "/nonexistent/vocab.txt"));
        Assert.Contains("/nonexistent/vocab.txt", error.Message);
    }

    [Fact]
    public void RejectsMaxTokensBelowTwo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Tokenizer.Encode("hi", 1, out _));
    }
}
