using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;

/// <summary>
/// The real MiniLM backbone, extracted and tapped once per test run into the default cache
/// (LLMEMBED_HOME or ~/.cache/llmembed), shared by every test class in the collection.
/// </summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture()
    {
        Catalog = ModelCatalog.Load(LLMEmbedPaths.FindManifestDirectory(AppContext.BaseDirectory));
        Manifest = Catalog.Get("minilm-l6");
        Store = new ModelStore(LLMEmbedPaths.Default());
        Files = Store.Ensure(Manifest);
        Backbone = OnnxBackbone.Create(Manifest, Files, new BackboneOptions { ExecutionProvider = BackboneOptions.Cpu });
        Tokenizer = TextTokenizerFactory.Create(Manifest.Tokenizer, Files.VocabPath);
    }

    public ModelCatalog Catalog { get; }
    public BackboneManifest Manifest { get; }
    public ModelStore Store { get; }
    public ModelFiles Files { get; }
    public OnnxBackbone Backbone { get; }
    public ITextTokenizer Tokenizer { get; }

    public void Dispose() => Backbone.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
