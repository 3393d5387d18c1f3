namespace LLMEmbed.Core.Data;

/// <summary>One Reuters story as the loaders see it: composed text, every topic in source order, date side.</summary>
internal sealed record ReutersStory(string Text, IReadOnlyList<string> Topics, bool IsTest);
