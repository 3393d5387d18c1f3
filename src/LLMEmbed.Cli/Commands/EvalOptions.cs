using System.CommandLine;
using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Heads.MultiLabel;
using LLMEmbed.Core.LongText;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>Options shared by `eval` and `ablation`, and how they become Core objects.</summary>
internal sealed class EvalOptions
{
    public readonly Option<string> Dataset = new("--dataset") { Description = "imdb | r8 | r52 | reuters-multilabel | path to a .jsonl/.csv file", Required = true };
    public readonly Option<string> Backbones = new("--backbones") { Description = "Comma-separated backbone ids; the first is primary", DefaultValueFactory = _ => string.Join(',', RecipeCatalog.DefaultBackbones) };
    public readonly Option<int?> TrainSize = new("--train-size") { Description = "Stratified subsample of the training split" };
    public readonly Option<int?> TestSize = new("--test-size") { Description = "Stratified subsample of the test split" };
    public readonly Option<int> Seed = new("--seed") { Description = "Seed for splits, subsamples and training", DefaultValueFactory = _ => 42 };
    public readonly Option<int> MaxTokens = new("--max-tokens") { Description = MaxTokensHelp, DefaultValueFactory = _ => 0 };
    public readonly Option<float> Sigma = new("--sigma") { Description = "PN squashing scale of the co-occurrence fusion", DefaultValueFactory = _ => 1f };
    public readonly Option<int> Threads = new("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
    public readonly Option<string> Provider = new("--provider") { Description = "cpu | cuda | auto", DefaultValueFactory = _ => BackboneOptions.Cpu };
    public readonly Option<bool> NoCache = new("--no-cache") { Description = "Do not read or write the embedding cache" };
    public readonly Option<bool> Json = new("--json") { Description = "Print one JSON object instead of tables" };
    public readonly Option<float?> L2 = new("--l2") { Description = "L2 weight penalty of the head (default: chosen by cross-validation)" };
    public readonly Option<float?> Dropout = new("--dropout") { Description = "MLP only: dropout after each hidden layer (default: chosen on the validation split)" };
    public readonly Option<string> LongText = new("--long-text") { Description = "truncate | chunk: what happens to texts longer than --max-tokens", DefaultValueFactory = _ => "truncate" };
    public readonly Option<int> Overlap = new("--chunk-overlap") { Description = "With --long-text chunk: tokens consecutive windows share", DefaultValueFactory = _ => new LongTextOptions().Overlap };
    public readonly Option<int> MaxWindows = new("--max-windows") { Description = "With --long-text chunk: most windows per text", DefaultValueFactory = _ => new LongTextOptions().MaxWindows };

    /// <summary>Help of every `--max-tokens`: 0 reads texts as the serving path does.</summary>
    public const string MaxTokensHelp =
        "Tokens kept per text (window length with --long-text chunk); 0 (default) = each backbone's window, its manifest maxTokens (512 for the shipped backbones), as served";

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, Backbones, TrainSize, TestSize, Seed, MaxTokens, Sigma, Threads, Provider, NoCache, Json, L2, Dropout, LongText, Overlap, MaxWindows })
            command.Options.Add(option);
    }

    public string[] BackboneIds(ParseResult p) =>
        p.GetValue(Backbones)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Dataset LoadDataset(ParseResult p) => DatasetCatalog.Load(p.GetValue(Dataset)!, new DatasetLoadOptions
    {
        TrainSize = p.GetValue(TrainSize),
        TestSize = p.GetValue(TestSize),
        Seed = p.GetValue(Seed),
        Progress = new Progress<string>(m => Rendering.Consoles.Err.MarkupLineInterpolated($"[grey]{m}[/]")),
    });

    public bool IsMultiLabel(ParseResult p) => DatasetCatalog.IsMultiLabel(p.GetValue(Dataset)!);

    public MultiLabelDataset LoadMultiLabelDataset(ParseResult p) => DatasetCatalog.LoadMultiLabel(p.GetValue(Dataset)!, new DatasetLoadOptions
    {
        TrainSize = p.GetValue(TrainSize),
        TestSize = p.GetValue(TestSize),
        Seed = p.GetValue(Seed),
        Progress = new Progress<string>(m => Rendering.Consoles.Err.MarkupLineInterpolated($"[grey]{m}[/]")),
    });

    /// <summary>Default multi-label options, folds seeded by --seed; --l2 and --dropout do not apply.</summary>
    public MultiLabelOptions MultiLabelOptionsFor(ParseResult p)
    {
        if (p.GetValue(L2) is not null || p.GetValue(Dropout) is not null)
            throw new ArgumentException("--l2 and --dropout do not apply to multi-label datasets (C is searched per label).");
        return new MultiLabelOptions { Seed = p.GetValue(Seed) };
    }

    public FeatureExtractor CreateExtractor(ParseResult p)
    {
        var loader = BackboneLoader.CreateDefault(new BackboneOptions
        {
            ExecutionProvider = p.GetValue(Provider)!,
            IntraOpThreads = p.GetValue(Threads),
            // Offline embedding runs batch after batch with the cores to itself: spinning threads win.
            AllowSpinning = true,
        });
        var cacheRoot = p.GetValue(NoCache) ? null : LLMEmbedPaths.Default().Embeddings;
        return new FeatureExtractor(loader, cacheRoot, new EmbeddingRunnerOptions { MaxTokens = p.GetValue(MaxTokens) }, ownsLoader: true,
            LongTextFor(p));
    }

    public LongTextOptions LongTextFor(ParseResult p) => new()
    {
        Mode = p.GetValue(LongText)!.ToLowerInvariant() switch
        {
            "truncate" => LongTextMode.Truncate,
            "chunk" => LongTextMode.Chunk,
            var other => throw new ArgumentException($"Unknown --long-text '{other}'. Use truncate or chunk."),
        },
        Overlap = p.GetValue(Overlap),
        MaxWindows = p.GetValue(MaxWindows),
    };

    /// <summary>Steps a head's training reports: one per search fit plus the final fit for L-BFGS, epochs for Adam.</summary>
    public static int TrainingSteps(HeadOptions options) => options.Solver == HeadSolver.Lbfgs
        ? options.InverseRegularizationGrid.Count * options.CvFolds + 1
        : options.MaxEpochs * (options.L2 is null ? options.MlpL2Grid.Count : 1) * (options.Dropout is null ? options.MlpDropoutGrid.Count : 1);

    public HeadOptions HeadOptionsFor(ParseResult p, string head)
    {
        var options = head.ToLowerInvariant() switch
        {
            "logreg" => new HeadOptions(HeadKind.LogReg),
            "mlp" => new HeadOptions(HeadKind.Mlp),
            _ => throw new ArgumentException($"Unknown head '{head}'. Use logreg or mlp."),
        };
        options = options with { Seed = p.GetValue(Seed) };
        if (p.GetValue(L2) is { } l2) options = options with { L2 = l2 };
        if (p.GetValue(Dropout) is { } dropout)
        {
            if (options.Kind != HeadKind.Mlp) throw new ArgumentException("--dropout applies to the MLP head only (--head mlp).");
            options = options with { Dropout = dropout };
        }
        return options;
    }
}
