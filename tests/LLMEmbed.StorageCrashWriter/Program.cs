// Writes one grain state in a tight loop through DurableFileGrainStorage until killed.
// The crash test kills this process at random instants and then checks the stored state.
// Usage: LLMEmbed.StorageCrashWriter <data directory>
using LLMEmbed.Grains.Storage;
using LLMEmbed.StorageCrashWriter;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: LLMEmbed.StorageCrashWriter <data directory>");
    return 2;
}
var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
var storage = new DurableFileGrainStorage("crash", new DurableFileStorageOptions { RootDirectory = args[0] }, new OrleansGrainStorageSerializer(serializer));
var grainId = GrainId.Create("crash-probe", "probe");
var state = new GrainState<byte[]>([]);
await storage.ReadStateAsync("probe", grainId, state);
var version = state.RecordExists ? CrashProbePattern.VersionOf(state.State!) : 0;
Console.WriteLine($"start {version}");
while (true)
{
    version++;
    state.State = CrashProbePattern.Make(version);
    await storage.WriteStateAsync("probe", grainId, state);
    Console.WriteLine(version);
}
