namespace LLMEmbed.Core.Models;

/// <summary>
/// A backbone's files, ready to load. <paramref name="TapOutputNames"/>[k] is the graph output
/// holding tap k (0 = embedding output, 1..Layers = block outputs) in <paramref name="TappedModelPath"/>.
/// </summary>
public sealed record ModelFiles(string ModelPath, string TappedModelPath, string VocabPath, string[] TapOutputNames);
