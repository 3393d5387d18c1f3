using System.CommandLine;
using LLMEmbed.Cli;
using LLMEmbed.Cli.Commands;

var root = new RootCommand("llmembed: frozen-backbone text classification (LLMEmbed) — evaluation, models and cluster client")
{
    ModelsCommand.Create(),
    EmbedCommand.Create(),
    EvalCommand.Create(),
    AblationCommand.Create(),
    BenchCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
