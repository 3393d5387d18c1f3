using LLMEmbed.Host.Hosting;

// The process set-up lives in LLMEmbedHost.Build (shared with `llmembed bench`); see its comments.
LLMEmbedHost.Build(new WebApplicationOptions { Args = args }).Run();
