using System.CommandLine;
using LLMEmbed.Cli;
using LLMEmbed.Cli.Client;
using LLMEmbed.Cli.Commands;

var root = new RootCommand("llmembed: frozen-backbone text classification (LLMEmbed) — evaluation, models and cluster client")
{
    ModelsCommand.Create(),
    EmbedCommand.Create(),
    EvalCommand.Create(),
    SimulateLabellingCommand.Create(),
    AblationCommand.Create(),
    FeaturesCommand.Create(),
    CompareCommand.Create(),
    TenantCommand.Create(),
    BackbonesCommand.Create(),
    LabelsCommand.Create(),
    TasksCommand.Create(),
    ImportCommand.Create(),
    ExamplesCommand.Create(),
    SuggestCommand.Create(),
    TrainCommand.Create(),
    JobsCommand.Create(),
    ClassifyCommand.Create(),
    FeedbackCommand.Create(),
    HeadsCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
