using System.CommandLine;
using LLMEmbed.Core.Features;

namespace LLMEmbed.Cli.Commands;

/// <summary>The `--features` option of eval, compare and features export: one recipe, listed from the catalog.</summary>
internal static class FeaturesOption
{
    public static readonly string Help =
        $"{string.Join(" | ", RecipeCatalog.Names)} (taps: every layer 0..L of every backbone, mean-pooled, concatenated)";

    public static Option<string> Create(string defaultRecipe) =>
        new("--features") { Description = $"Feature recipe: {Help}", DefaultValueFactory = _ => defaultRecipe };
}
