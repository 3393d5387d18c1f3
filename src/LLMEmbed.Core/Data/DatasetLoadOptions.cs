namespace LLMEmbed.Core.Data;

/// <summary>How <see cref="DatasetCatalog.Load"/> finds and cuts a dataset.</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>Where npm-packaged datasets are unpacked; defaults to <see cref="LLMEmbedPaths.Data"/>.</summary>
    public string DataRoot { get; init; } = LLMEmbedPaths.Default().Data;
    /// <summary>Stratified subset size of the train split; null keeps it whole.</summary>
    public int? TrainSize { get; init; }
    /// <summary>Stratified subset size of the test split; null keeps it whole.</summary>
    public int? TestSize { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Share of each label sent to test, for files whose rows name no split.</summary>
    public double TestFraction { get; init; } = 0.2;
    public IProgress<string>? Progress { get; init; }
}
