using LLMEmbed.Core;
using LLMEmbed.Core.Models;

[Collection(MiniLmCollection.Name)]
public sealed class ModelStoreTests(MiniLmFixture model) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("llmembed-store-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Extracts_verifies_and_taps_once_then_reuses_the_cache()
    {
        var store = new ModelStore(new LLMEmbedPaths(_home));
        Assert.False(store.GetState(model.Manifest).Ready);
        var messages = new List<string>();
        var files = store.Ensure(model.Manifest, new SyncProgress<string>(messages.Add));

        Assert.Equal(90_893_304, new FileInfo(files.ModelPath).Length);
        Assert.Equal(30_522, File.ReadLines(files.VocabPath).Count());
        Assert.True(File.Exists(files.TappedModelPath));
        Assert.Equal(Enumerable.Range(0, 7).Select(k => $"llmembed_tap_{k}"), files.TapOutputNames);
        Assert.NotEmpty(messages);
        var state = store.GetState(model.Manifest);
        Assert.True(state.Ready);
        Assert.Equal("ready", state.Status);
        Assert.Empty(Directory.GetFiles(store.DirectoryOf(model.Manifest), "*.tmp"));

        var written = File.GetLastWriteTimeUtc(files.TappedModelPath);
        messages.Clear();
        var again = store.Ensure(model.Manifest, new SyncProgress<string>(messages.Add));
        Assert.Empty(messages);
        Assert.Equal(files, again with { TapOutputNames = files.TapOutputNames });
        Assert.Equal(written, File.GetLastWriteTimeUtc(again.TappedModelPath));
        store.Verify(model.Manifest);
    }

    [Fact]
    public void Mismatched_digest_fails_clearly_and_keeps_nothing()
    {
        var store = new ModelStore(new LLMEmbedPaths(_home));
        var wrong = model.Manifest with { Source = model.Manifest.Source with { ModelSha256 = new string('0', 64) } };
        var error = Assert.Throws<InvalidDataException>(() => store.Ensure(wrong));
        Assert.Contains("sha256 mismatch", error.Message);
        Assert.Contains("minilm-l6", error.Message);
        Assert.Contains(model.Manifest.Source.ModelSha256!, error.Message);
        var directory = store.DirectoryOf(wrong);
        Assert.False(File.Exists(Path.Combine(directory, "model.onnx")));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void Corrupted_cache_is_detected_and_repaired()
    {
        var store = new ModelStore(new LLMEmbedPaths(_home));
        var files = store.Ensure(model.Manifest);
        using (var stream = new FileStream(files.VocabPath, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 100;
            stream.WriteByte((byte)'#');
        }
        var error = Assert.Throws<InvalidDataException>(() => store.Verify(model.Manifest));
        Assert.Contains("sha256 mismatch", error.Message);
        Assert.False(store.GetState(model.Manifest).VocabReady);

        store.Ensure(model.Manifest);
        store.Verify(model.Manifest);
        Assert.True(store.GetState(model.Manifest).Ready);
    }

    [Fact]
    public void Catalog_loads_the_shipped_manifests()
    {
        var catalog = model.Catalog;
        Assert.Equal(["arctic-xs", "arctic-xs-int8", "minilm-l6", "minilm-l6-int8"], catalog.Manifests.Select(m => m.Id));
        Assert.Equal([BackbonePrecision.Fp32, BackbonePrecision.Int8, BackbonePrecision.Fp32, BackbonePrecision.Int8],
            catalog.Manifests.Select(m => m.Precision));
        // An int8 variant is the same weights: same package, same digests.
        Assert.Equal(catalog.Get("minilm-l6").Source, catalog.Get("minilm-l6-int8").Source);
        foreach (var manifest in catalog.Manifests)
        {
            Assert.Equal(BackboneArchitecture.Encoder, manifest.Architecture);
            Assert.Equal(6, manifest.Layers);
            Assert.Equal(384, manifest.HiddenSize);
            Assert.Equal(ModelSourceKind.NugetResource, manifest.Source.Kind);
            Assert.Equal(64, manifest.Source.ModelSha256!.Length);
        }
        var error = Assert.Throws<KeyNotFoundException>(() => catalog.Get("llama"));
        Assert.Contains("minilm-l6", error.Message);
    }

    [Fact]
    public void Invalid_manifest_names_file_and_fields()
    {
        var path = Path.Combine(_home, "broken.json");
        File.WriteAllText(path, File.ReadAllText(Path.Combine(model.Catalog.Directory, "minilm-l6.json"))
            .Replace("\"layers\": 6", "\"layers\": 0")
            .Replace("\"modelSha256\": \"4a64", "\"modelSha256\": \"XYZ"));
        var error = Assert.Throws<InvalidDataException>(() => ModelCatalog.LoadManifest(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("layers", error.Message);
        Assert.Contains("source.modelSha256", error.Message);
    }

    [Fact]
    public void Malformed_json_names_file_and_line()
    {
        var path = Path.Combine(_home, "malformed.json");
        File.WriteAllText(path, "{\n  \"id\": \"x\",\n  \"layers\": oops\n}");
        var error = Assert.Throws<InvalidDataException>(() => ModelCatalog.LoadManifest(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Duplicate_ids_across_files_are_rejected()
    {
        var text = File.ReadAllText(Path.Combine(model.Catalog.Directory, "minilm-l6.json"));
        File.WriteAllText(Path.Combine(_home, "a.json"), text);
        File.WriteAllText(Path.Combine(_home, "b.json"), text);
        var error = Assert.Throws<InvalidDataException>(() => ModelCatalog.Load(_home));
        Assert.Contains("already declared", error.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the calls in line.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
