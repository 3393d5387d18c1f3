using LLMEmbed.Core.LongText;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;
using Microsoft.ML.Tokenizers;

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

    /// <summary>A long movie review in IMDB's style: mixed case, punctuation, HTML breaks, numbers, rare and very long words.</summary>
    private static string LongReview()
    {
        string[] sentences =
        [
            "I rented this movie last weekend, expecting a light-hearted comedy; what I got was a 142-minute slog.",
            "The director (whose previous work I ADORED) seems to have lost all sense of pacing.<br /><br />",
            "Antidisestablishmentarianism aside, the plot's twists were telegraphed from the opening credits...",
            "Café scenes in Montréal looked gorgeous, though the dialogue felt like it was written by a committee!",
            "Honestly? 3/10 -- and that's being generous to the supporting cast, who did their best with nothing.",
            "Supercalifragilisticexpialidociouslyoverwrought" + new string('z', 130) + " is how my friend described it.",
        ];
        return string.Join(' ', Enumerable.Range(0, 120).Select(i => sentences[i % sentences.Length]));
    }

    /// <summary>The encoding before the cut moved into the library: the whole text, then its first tokens with [SEP] put back last.</summary>
    private int[] EncodedWholeThenCut(string text, int maxTokens)
    {
        var bert = BertTokenizer.Create(model.Files.VocabPath, new BertOptions { LowerCaseBeforeTokenization = model.Manifest.Tokenizer.LowerCase });
        var ids = bert.EncodeToIds(text, addSpecialTokens: true);
        if (ids.Count <= maxTokens) return [.. ids];
        var cut = ids.Take(maxTokens).ToArray();
        cut[^1] = Sep;
        return cut;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(128)]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void Cutting_while_encoding_matches_cutting_the_whole_encoding(int maxTokens)
    {
        foreach (var text in new[] { LongReview(), "Hello world", "", "   ", LongReview()[..997] })
        {
            var whole = EncodedWholeThenCut(text, maxTokens);
            var cut = model.Tokenizer.Encode(text, maxTokens, out var truncated);
            Assert.Equal(whole, cut);
            Assert.Equal(model.Tokenizer.CountTokens(text) > maxTokens, truncated);
        }
    }

    [Fact]
    public void A_word_of_more_pieces_than_the_extra_room_is_still_cut_where_the_whole_encoding_is()
    {
        // Short "words" glued by no space: one pre-token of hundreds of pieces, the case the library stops early on.
        var text = "start " + string.Concat(Enumerable.Repeat("ab1", 300)) + " end";
        foreach (var maxTokens in new[] { 3, 50, 200 })
            Assert.Equal(EncodedWholeThenCut(text, maxTokens), model.Tokenizer.Encode(text, maxTokens, out _));
    }

    [Theory]
    [InlineData(128, 32, 8)]
    [InlineData(64, 8, 3)]
    [InlineData(512, 32, 8)]
    public void Windows_of_the_bounded_encoding_are_the_whole_encodings_windows(int window, int overlap, int maxWindows)
    {
        var text = LongReview();
        var specials = SpecialTokens.Of(model.Tokenizer);
        var whole = EncodedWholeThenCut(text, int.MaxValue);
        var cut = WindowedTexts.Split(model.Tokenizer, specials, [text], window, overlap, maxWindows);
        Assert.Equal(TextWindows.Split(whole, specials.Prefix, specials.Suffix, window, overlap, maxWindows), cut.Windows);
        Assert.Equal(whole.Length > TextWindows.Longest(specials.Prefix, specials.Suffix, window, overlap, maxWindows), cut.Cut[0]);
    }
}
