using LLMEmbed.Host.Hosting;
using LLMEmbed.Host.Postgres;

// `schema apply` prepares a PostgreSQL database and exits; anything else starts the host.
if (SchemaCommand.Matches(args)) return await SchemaCommand.RunAsync(args);

// The process set-up lives in LLMEmbedHost.Build (shared with the in-process host of the bench and tests); see its comments.
await LLMEmbedHost.Build(new WebApplicationOptions { Args = args }).RunAsync();
return 0;
