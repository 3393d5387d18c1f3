using LLMEmbed.Core.Benchmarks;

namespace LLMEmbed.Core.Tests;

public sealed class AchievedFlopsTests
{
    [Fact]
    public void Wall_figures_divide_by_cores_and_cpu_figures_by_cpu_time()
    {
        // 50 texts/s of 2.868903936 GFLOP each (minilm-l6 at 128 tokens) on 2 cores: 143.4451968 GFLOP/s, 71.7225984 per core.
        Assert.Equal(71.7225984, AchievedFlops.GflopsPerSecondPerCore(50, 2_868_903_936, 2), 9);
        // 40 CPU ms per text: 2.868903936 GFLOP / 0.04 s = 71.7225984 GFLOP per CPU-second.
        Assert.Equal(71.7225984, AchievedFlops.GflopsPerCpuSecond(40, 2_868_903_936), 9);
        Assert.Equal(2 * AchievedFlops.GflopsPerCpuSecond(40, 1e9), AchievedFlops.GflopsPerCpuSecond(20, 1e9), 9);
        Assert.True(double.IsNaN(AchievedFlops.GflopsPerCpuSecond(double.NaN, 1e9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AchievedFlops.GflopsPerSecondPerCore(1, 1, 0));
    }
}
