using LLMEmbed.Host.Hosting;

// The process set-up lives in LLMEmbedHost.Build (shared with the in-process host of the bench and tests); see its comments.
LLMEmbedHost.Build(new WebApplicationOptions { Args = args }).Run();
